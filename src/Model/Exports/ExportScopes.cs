using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Exports;

/// <summary>An export scope's parts (<c>SERVICE:INSTANCE:ROLE:MACHINE</c>); an empty part means "all".</summary>
internal sealed record ExportScope(string ServiceName = "", string InstanceName = "", string RoleName = "", string MachineName = "")
{
    public JsonObject ToJson() => new()
    {
        ["instanceName"] = InstanceName,
        ["machineName"] = MachineName,
        ["roleName"] = RoleName,
        ["serviceName"] = ServiceName,
    };
}

/// <summary>
/// clan-core's export scope functions (<c>lib/exports/exports.nix</c>, exposed as
/// <c>clanLib.buildScopeKey</c>, <c>parseScope</c>, <c>checkScope</c>, <c>checkExports</c>,
/// <c>selectExports</c>, <c>getExport</c>): how a service's exports are keyed and looked up. Pure;
/// errors are the throws clan-core raises, in the order Nix meets them.
/// </summary>
internal static partial class ExportScopes
{
    public const string Rule = "exports: lib/exports/exports.nix";

    /// <summary>
    /// <c>buildScopeKey</c>: the four parts joined with <c>:</c>. Throws when every part is empty
    /// (global exports are not supported), then when service and machine are both empty, then for
    /// the first part <c>builtins.match ".?:.?"</c> matches — a whole-string match, so only a part of
    /// at most three characters with a colon in the middle is refused (<c>a:b</c>, not <c>ab:cd</c>).
    /// </summary>
    public static Outcome BuildScopeKey(ExportScope scope)
    {
        string[] parts = [scope.ServiceName, scope.InstanceName, scope.RoleName, scope.MachineName];
        if (parts.All(p => p == "")) return Throw("buildScopeKey: Global exports (\":::\") are not yet supported.");
        if (scope.ServiceName == "" && scope.MachineName == "") return Throw("buildScopeKey requires at least 'serviceName' or 'machineName'");
        if (parts.FirstOrDefault(p => ShortColon().IsMatch(p)) is { } bad) return Throw($"mkExportsScope: {bad} cannot contain the \":\" character");
        return Outcome.Value(string.Join(':', parts), Rule);
    }

    /// <summary><c>parseScope</c>: <c>splitString ":"</c> must give four parts.</summary>
    public static ExportScope? ParseScope(string scope) =>
        scope.Split(':') is { Length: 4 } p ? new ExportScope(p[0], p[1], p[2], p[3]) : null;

    public static Outcome Parse(string scope) =>
        ParseScope(scope) is { } parsed ? Outcome.Value(parsed.ToJson(), Rule) : Throw("parseScope: invalid scope string format.");

    /// <summary>
    /// <c>checkScope c scope</c>: a whitelisted scope passes unparsed; otherwise each non-empty part
    /// of the constraint must equal the scope's (service, instance, role, machine: the first mismatch
    /// throws); the result is the scope string.
    /// </summary>
    public static Outcome CheckScope(ExportScope constraint, IReadOnlyList<string> whitelist, string scope)
    {
        if (whitelist.Contains(scope)) return Outcome.Value(scope, Rule);
        if (ParseScope(scope) is not { } parsed) return Throw("parseScope: invalid scope string format.");
        foreach (var (expected, actual, part) in new[]
                 {
                     (constraint.ServiceName, parsed.ServiceName, "service"), (constraint.InstanceName, parsed.InstanceName, "instance"),
                     (constraint.RoleName, parsed.RoleName, "role"), (constraint.MachineName, parsed.MachineName, "machine"),
                 })
            if (expected != "" && actual != expected) return Throw($"Export scope mismatch: incorrect {part} name");
        return Outcome.Value(scope, Rule);
    }

    /// <summary>
    /// <c>checkExports c exports</c>: the same attribute set, each value checked (lazily: a value
    /// throws when read) against its scope; forced whole, the first failing name in attribute order throws.
    /// </summary>
    public static Outcome CheckExports(ExportScope constraint, JsonObject exports)
    {
        foreach (var name in exports.Select(kv => kv.Key).Order(StringComparer.Ordinal))
            if (CheckScope(constraint, [], name) is ErrorOutcome error) return error;
        return Outcome.Value(exports.DeepClone(), Rule);
    }

    /// <summary><c>selectExports pred exports</c>: the names whose parsed scope satisfies <paramref name="predicate"/>; values are not read.</summary>
    public static IReadOnlyList<string> SelectExports(Func<ExportScope, bool> predicate, IEnumerable<string> names) =>
        names.Order(StringComparer.Ordinal).Where(n => predicate(ParseScope(n) ?? throw new ArgumentException($"'{n}' is not a scope key (parseScope throws)"))).ToList();

    /// <summary><c>getExport scope exports</c>: the export at <c>buildScopeKey scope</c>, or a throw naming it.</summary>
    public static Outcome GetExport(ExportScope scope, JsonObject exports) =>
        BuildScopeKey(scope) switch
        {
            ValueOutcome { Expected: var key } when exports.TryGetPropertyValue(key!.GetValue<string>(), out var value) => Outcome.Value(value?.DeepClone(), Rule),
            ValueOutcome { Expected: var key } => Throw($"getExport: export not found\n\nRequested scope: \"{key!.GetValue<string>()}\""),
            var error => error,
        };

    private static Outcome Throw(string message) => Outcome.Fails(new ExpectedError(ErrorKind.Throw, message, Rule));

    [GeneratedRegex("^.?:.?$", RegexOptions.Singleline)]
    private static partial Regex ShortColon();
}
