using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Vars;

/// <summary>
/// <c>clanLib.getPublicValue</c> (lib/vars/backends/in-repo): a public var read from a clan's
/// directory without evaluating a machine — <c>vars/shared/&lt;generator&gt;/&lt;file&gt;/value</c>
/// when no machine is given, else <c>vars/per-machine/&lt;machine&gt;/&lt;generator&gt;/&lt;file&gt;/value</c>;
/// the file's contents when it exists, else <c>default</c>, whose own default throws
/// <c>getPublicValue: Public value &lt;machine|shared&gt;/&lt;generator&gt;/&lt;file&gt; not found!</c>.
/// </summary>
internal static class PublicValues
{
    public const string Rule = "vars: getPublicValue (lib/vars/backends/in-repo)";

    /// <summary>The path below the clan's directory the value is read from.</summary>
    public static string RelativePath(string generator, string? machine, string file) =>
        machine is null ? $"vars/shared/{generator}/{file}/value" : $"vars/per-machine/{machine}/{generator}/{file}/value";

    /// <param name="existingFiles">The clan directory's files by relative path, with their contents.</param>
    /// <param name="defaultValue">The <c>default</c> argument; null when not given.</param>
    public static Outcome GetPublicValue(string generator, string? machine, string file, IReadOnlyDictionary<string, string> existingFiles, string? defaultValue = null) =>
        existingFiles.TryGetValue(RelativePath(generator, machine, file), out var contents) ? Outcome.Value(contents, Rule)
        : defaultValue is not null ? Outcome.Value(defaultValue, Rule)
        : Outcome.Fails(new ExpectedError(ErrorKind.Throw, $"getPublicValue: Public value {machine ?? "shared"}/{generator}/{file} not found!", Rule));
}
