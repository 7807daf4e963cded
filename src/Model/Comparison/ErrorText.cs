using System.Text.RegularExpressions;

namespace Conformance.Model.Comparison;

/// <summary>
/// Error messages in a form that does not depend on where inputs happen to live: store paths lose
/// their hash, positions their line and column. Two revisions of clan-core live at different store
/// paths and move code around; the same error must still read the same.
/// </summary>
public static partial class ErrorText
{
    public static string Normalise(string message) =>
        Position().Replace(StoreHash().Replace(message, "/nix/store/…-"), "$1");

    /// <summary>The first line of a message, normalised: what identifies an error when there is no model to name a key text.</summary>
    public static string Headline(string message) => Normalise(message.Split('\n', 2)[0]).Trim();

    [GeneratedRegex(@"/nix/store/[0-9a-z]{32}-")]
    private static partial Regex StoreHash();

    [GeneratedRegex(@"(\.nix):\d+:\d+")]
    private static partial Regex Position();
}
