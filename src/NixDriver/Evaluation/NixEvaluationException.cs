using Conformance.NixDriver.Backends;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// Nix evaluated and reported an error. This is a result (it may be exactly what the model
/// predicts), not an infrastructure failure; it carries the command so it can be replayed.
/// </summary>
public sealed class NixEvaluationException(NixError error, NixCommand command, string stderr)
    : Exception($"{error.Kind}: {error.Headline}")
{
    public NixError Error { get; } = error;
    public NixCommand Command { get; } = command;
    public string Stderr { get; } = stderr;
}
