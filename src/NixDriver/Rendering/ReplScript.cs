using System.Text;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// The input the batch evaluator feeds <c>nix repl</c> (read back by
/// <see cref="Evaluation.NixReplTranscript"/>): each expression <c>e</c> as two lines,
/// <c>"@@S&lt;i&gt;@@"</c> (a stdout marker, printed as its value) and
/// <c>builtins.trace "@@M&lt;i&gt;@@" (builtins.toJSON (e))</c> (a stderr marker printed before
/// <c>e</c> is forced), then an end marker.
/// </summary>
public static class ReplScript
{
    /// <summary>The stdout marker before expression <paramref name="index"/>'s value.</summary>
    public static string ValueMarker(int index) => $"@@S{index}@@";

    /// <summary>The trace that starts expression <paramref name="index"/>'s stderr.</summary>
    public static string StderrMarker(int index) => $"@@M{index}@@";

    /// <summary>Printed after the last expression: a transcript without it is incomplete.</summary>
    public const string EndMarker = "@@END@@";

    public static string For(IReadOnlyList<string> expressions)
    {
        var input = new StringBuilder();
        for (var i = 0; i < expressions.Count; i++)
        {
            input.Append(NixSyntax.String(ValueMarker(i))).Append('\n');
            input.Append($"builtins.trace {NixSyntax.String(StderrMarker(i))} (builtins.toJSON ({expressions[i]}))\n");
        }
        return input.Append(NixSyntax.String(EndMarker)).Append('\n').ToString();
    }
}
