using Conformance.Model.Cases;

namespace Conformance.Runner.Checking;

/// <summary>
/// Observe, predict and compare, composed: what a campaign, a shrinker and a replay run cases
/// through. <see cref="ModelCheck"/> expects what the model predicts; <see cref="RevisionCheck"/>
/// expects what a base revision observed.
/// </summary>
internal interface ICaseChecker
{
    /// <summary>What the expectation is, in words: <c>the model</c>, or the base revision.</summary>
    string Expectation { get; }

    /// <summary>What is observed, in words (the clan-core revision under test).</summary>
    string Subject { get; }

    /// <summary><c>nix</c> processes started so far, by every observer involved.</summary>
    int Processes { get; }

    /// <summary>Machine evaluations observed so far (see <see cref="NixDriver.Observing.IObserver.MachineEvaluations"/>).</summary>
    int MachineEvaluations { get; }

    Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, Func<CaseResult, Task>? onResult = null,
        IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default);
}
