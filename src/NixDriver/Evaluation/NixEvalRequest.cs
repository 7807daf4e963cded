using Conformance.NixDriver.Rendering;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// What to evaluate: an attribute of a flake directory, optionally through a function
/// (<c>--apply</c>, whose Nix text comes from <see cref="NixExpressions"/>).
/// </summary>
public sealed record NixEvalRequest
{
    public required string FlakeDirectory { get; init; }

    public IReadOnlyList<string> AttributePath { get; init; } = [];

    public string? Apply { get; init; }

    public TimeSpan Timeout { get; init; } = Backends.NixDefaults.ProcessTimeout;

    /// <summary>Overrides on top of the evaluator's (e.g. one input pointed elsewhere for one request).</summary>
    public IReadOnlyList<Inputs.InputOverride> ExtraOverrides { get; init; } = [];

    public static NixEvalRequest Attribute(string flakeDirectory, params string[] attributePath) =>
        new() { FlakeDirectory = Path.GetFullPath(flakeDirectory), AttributePath = attributePath };

    public NixEvalRequest WithApply(string nixFunction) => this with { Apply = nixFunction };

    public NixEvalRequest WithTimeout(TimeSpan timeout) => this with { Timeout = timeout };

    /// <summary>
    /// The installable, e.g. <c>path:/work/c1#nixosConfigurations."a.b".config</c>. An empty
    /// attribute path is written <c>#.</c>: the flake's whole outputs (without a fragment Nix
    /// would look for a default package instead).
    /// </summary>
    public string Installable => "path:" + FlakeDirectory + "#" +
        (AttributePath.Count == 0 ? "." : NixSyntax.InstallableAttrPath(AttributePath));

    public override string ToString() => Installable + (Apply is null ? "" : " --apply …");
}
