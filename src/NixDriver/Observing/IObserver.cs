using Conformance.Model.Observations;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// The Observe stage: renders cases and evaluates them with real Nix against one set of inputs,
/// returning what Nix did per field — values, errors, stderr-derived counts — and nothing about
/// what was expected (that is the Predict stage's business, and Compare's).
/// Infrastructure failures propagate as <see cref="Backends.NixInfrastructureException"/>; they are
/// never turned into observations.
/// </summary>
public interface IObserver
{
    /// <summary>Names what is observed, e.g. the clan-core revision, for logs and reports.</summary>
    string Label { get; }

    /// <summary><c>nix</c> processes started so far.</summary>
    int Processes { get; }

    /// <summary>
    /// Machine evaluations observed so far: each case counts its configurations plus its
    /// clanInternals copies once, however many processes it took (the same unit for every observer,
    /// so throughputs compare).
    /// </summary>
    int MachineEvaluations { get; }

    /// <summary>
    /// Observes the cases; <paramref name="onObserved"/> is called as each case is complete (in no
    /// particular order). Returns the observations in request order.
    /// </summary>
    Task<IReadOnlyList<CaseObservation>> ObserveAsync(IReadOnlyList<ObservationRequest> requests,
        Func<CaseObservation, Task>? onObserved = null, CancellationToken cancellationToken = default);
}
