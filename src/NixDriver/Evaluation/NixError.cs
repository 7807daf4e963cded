using Conformance.Model.Errors;

namespace Conformance.NixDriver.Evaluation;

/// <summary>A Nix evaluation error: its classified kind and Nix's message trimmed to the final <c>error:</c> part.</summary>
public sealed record NixError(ErrorKind Kind, string Message)
{
    /// <summary>Whether this error satisfies a prediction: same kind and the key text present.</summary>
    public bool Matches(ExpectedError expected) =>
        expected.Kind == Kind && Message.Contains(expected.KeyText, StringComparison.Ordinal);

    /// <summary>The first line of the message, for one-line summaries.</summary>
    public string Headline => Message.Split('\n', 2)[0];
}
