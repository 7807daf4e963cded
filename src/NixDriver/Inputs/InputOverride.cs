namespace Conformance.NixDriver.Inputs;

/// <summary>
/// One <c>--override-input NAME REF</c>. <see cref="FlakeRef"/> is either a store path
/// (<c>path:/nix/store/…-source</c>, from an inputs map) or any flake reference a user gave
/// (e.g. <c>github:clan-lol/clan-core</c> to run against clan-core main).
/// </summary>
public sealed record InputOverride(string Input, string FlakeRef, string? LocalDirectory = null)
{
    public IEnumerable<string> ToArguments() => ["--override-input", Input, FlakeRef];

    /// <summary>Parses the CLI form <c>NAME=FLAKEREF</c>.</summary>
    public static InputOverride Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new ArgumentException($"'{text}' is not NAME=FLAKEREF (e.g. clan-core=github:clan-lol/clan-core or clan-core=path:/src/clan-core).");
        return new InputOverride(text[..eq], text[(eq + 1)..]);
    }
}
