using System.Text.RegularExpressions;
using Conformance.Model.Errors;

namespace Conformance.NixDriver.Evaluation;

/// <summary>
/// Sorts Nix's stderr into the closed set of <see cref="ErrorKind"/>s, most specific first, and
/// trims it to the message (Nix prints the evaluation trace first and the actual error last).
/// </summary>
public static partial class NixErrorClassifier
{
    /// <summary>Patterns checked in order; the first match wins. Order matters: a class mismatch
    /// message also mentions modules, and a throw's message may mention anything.</summary>
    private static readonly (ErrorKind Kind, Regex Pattern)[] Rules =
    [
        // builtins.toJSON of a function: a type error (the message is followed by the position of
        // the function in the user's source, which may hold any text, so it needs its own rule).
        (ErrorKind.NotJson, new Regex(@"\Acannot convert a function to JSON", RegexOptions.Compiled)),
        // Older lib: "was imported into X instead of Y"; nixpkgs 26.x: "cannot be imported into a module evaluation that expects class".
        (ErrorKind.ClassMismatch, new Regex(@"was imported into \S+ instead of \S+|cannot be imported into a module evaluation that expects class", RegexOptions.Compiled)),
        // Option paths may hold a quote (lib.showOption prints `it's` bare: it is a Nix identifier).
        (ErrorKind.OptionDoesNotExist, new Regex(@"The option `[^\n]*' does not exist", RegexOptions.Compiled)),
        // types.nullOr reports a null/non-null mix in its own words; it is a conflict of definitions.
        (ErrorKind.ConflictingDefinitions, new Regex(@"has conflicting definition values|is defined both null and not null", RegexOptions.Compiled)),
        (ErrorKind.NotUnique, new Regex(@"is defined multiple times while it's expected to be unique", RegexOptions.Compiled)),
        (ErrorKind.TypeMismatch, new Regex(@"is not of type `", RegexOptions.Compiled)),
        (ErrorKind.NoValueDefined, new Regex(@"(was accessed but has no value defined|is used but not defined)", RegexOptions.Compiled)),
        (ErrorKind.InfiniteRecursion, new Regex(@"infinite recursion encountered", RegexOptions.Compiled)),
        (ErrorKind.AssertionFailed, new Regex(@"(^Failed assertions:|assertion '.*' failed)", RegexOptions.Compiled | RegexOptions.Multiline)),
        (ErrorKind.AttributeMissing, new Regex(@"^attribute '[^']*' missing", RegexOptions.Compiled | RegexOptions.Multiline)),
        // A flake input neither overridden by the inputs map nor reachable (no network here).
        (ErrorKind.FetchFailed, new Regex(@"unable to download|Could not resolve host", RegexOptions.Compiled)),
        // Throws of clan-core's service machinery whose messages quote names (a quote would make the
        // fallback below call them "other"): the unknown-role check, the nested-imports check and
        // module resolution; and the harness's own lookups (ObservationExpressions), which quote the
        // name they miss (so that a cause key can abstract it) and are throws the model predicts.
        (ErrorKind.Throw, new Regex(@"\A" + Regex.Escape(Model.Observations.ObservedError.LookupMissPrefix) + @"|\AInstance: 'instances\.[^\n]*' uses the following roles|\AuniqueDeferredSerializableModule doesn't allow nested imports|" +
            @"doesn't provide clan-module with name '|\AFlake doesn't provide input with name '|\AThe clan service module \S+ doesn't define any instances|\ARole behavior of service '",
            RegexOptions.Compiled)),
    ];

    /// <summary>Classifies stderr of a failed evaluation; null when it holds no <c>error:</c> at all.</summary>
    public static NixError? Classify(string stderr)
    {
        var message = ExtractMessage(stderr);
        if (message is null) return null;
        foreach (var (kind, pattern) in Rules)
            if (pattern.IsMatch(message))
                return new NixError(kind, message);
        // Nix prints a `throw` as a bare message; its trace frame names the builtin.
        var kindOfRest = ThrowFrame().IsMatch(stderr) || !message.Contains('\'') ? ErrorKind.Throw : ErrorKind.Other;
        return new NixError(kindOfRest, message);
    }

    /// <summary>
    /// The text after the last <c>error:</c> marker, unindented, without Nix's trailing trace hints.
    /// Nix 2.2x prints <c>error:</c>, the trace frames (<c>… while …</c>), then the innermost
    /// <c>error: message</c>; older versions print the message right after the first marker.
    /// </summary>
    public static string? ExtractMessage(string stderr)
    {
        var lines = stderr.Replace("\r\n", "\n").Split('\n');
        var last = -1;
        for (var i = 0; i < lines.Length; i++)
            if (ErrorMarker().IsMatch(lines[i]) && ErrorMarker().Replace(lines[i], "").Trim().Length > 0)
                last = i;
        if (last < 0)
        {
            // A bare "error:" with the message on following lines (no inner marker).
            for (var i = 0; i < lines.Length; i++)
                if (ErrorMarker().IsMatch(lines[i])) { last = i; break; }
            if (last < 0) return null;
        }
        var first = ErrorMarker().Replace(lines[last], "");
        var indent = lines[last].IndexOf("error:", StringComparison.Ordinal);
        var body = new List<string> { first.Trim() };
        foreach (var line in lines.Skip(last + 1))
        {
            if (line.TrimStart().StartsWith("(stack trace truncated", StringComparison.Ordinal)) break;
            body.Add(line.Length > indent && line[..indent].Trim().Length == 0 ? line[indent..] : line.TrimStart());
        }
        return string.Join('\n', body).Trim();
    }

    [GeneratedRegex(@"^\s*error:\s?")]
    private static partial Regex ErrorMarker();

    [GeneratedRegex(@"while calling the 'throw' builtin|evaluation aborted with the following error message")]
    private static partial Regex ThrowFrame();
}
