namespace Conformance.Model.Errors;

/// <summary>
/// A predicted evaluation error: its kind and a text that Nix's message must contain.
/// The key text is deliberately short (an option path, a tag name) so that wording changes
/// in Nix or nixpkgs do not turn into false alarms, while a different cause still does.
/// </summary>
/// <param name="Kind">The error kind Nix's message must classify as.</param>
/// <param name="KeyText">A substring Nix's message must contain (case-sensitive).</param>
/// <param name="Rule">Which rule of the model predicts the error, for reports.</param>
public sealed record ExpectedError(ErrorKind Kind, string KeyText, string Rule)
{
    /// <summary>Whether <c>builtins.tryEval</c> can catch an error of this kind (only <c>throw</c>/<c>assert</c> based ones).</summary>
    public bool IsCatchable => Kind is not (ErrorKind.AttributeMissing or ErrorKind.InfiniteRecursion or ErrorKind.NotJson or ErrorKind.Other);

    public override string ToString() => $"{Kind} containing \"{KeyText}\"";
}
