using System.Text.Json.Nodes;
using Conformance.Model.Exports;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's export scope tests at the pinned revision (<c>lib/exports/test_*.nix</c>, suite
/// <c>evalTests-exports</c>): the 19 that call the scope functions (buildScopeKey, parseScope,
/// checkScope, checkExports, selectExports, getExport), re-expressed against
/// <see cref="ExportScopes"/>. The suite's other four evaluate whole clans whose services export
/// (integration.*, generators.*): exports of services are not modelled yet (clan-core-eval-tests.json says so).
/// </summary>
public static class ExportsExampleCases
{
    private const string Suite = "evalTests-exports";

    private static UpstreamExample T(string group, string test, Func<Outcome> predict, string expected) =>
        new(Suite, $"{group}.{test}", $"lib/exports/test_{group}.nix", predict, expected);

    private static JsonObject Exports(string json) => JsonNode.Parse(json)!.AsObject();

    private static Outcome Names(IReadOnlyList<string> names) => Outcome.Value(new JsonArray(names.Select(n => (JsonNode?)n).ToArray()), ExportScopes.Rule);

    public static readonly IReadOnlyList<UpstreamExample> All =
    [
        T("buildScopeKey", "test_build_scope_key", () => ExportScopes.BuildScopeKey(new("serviceA", "instance01", "roleX", "machine01")), "\"serviceA:instance01:roleX:machine01\""),
        T("buildScopeKey", "test_build_scope_key_service_only", () => ExportScopes.BuildScopeKey(new(ServiceName: "serviceA")), "\"serviceA:::\""),
        T("buildScopeKey", "test_build_scope_key_machine_only", () => ExportScopes.BuildScopeKey(new(MachineName: "machine01")), "\":::machine01\""),

        T("parseScope", "test_parse_scope_simple", () => ExportScopes.Parse("serviceA:::machine01"),
            """{"serviceName":"serviceA","instanceName":"","roleName":"","machineName":"machine01"}"""),
        T("parseScope", "test_parse_scope_full", () => ExportScopes.Parse("serviceA:i1:default:machine01"),
            """{"serviceName":"serviceA","instanceName":"i1","roleName":"default","machineName":"machine01"}"""),
        T("parseScope", "test_parse_scope_global", () => ExportScopes.Parse(":::"),
            """{"serviceName":"","instanceName":"","roleName":"","machineName":""}"""),

        T("checkScope", "test_check_scope_simple", () => ExportScopes.CheckScope(new(ServiceName: "serviceA", MachineName: "machine01"), [], "serviceA:::machine01"), "\"serviceA:::machine01\""),
        T("checkScope", "test_check_scope_all_parts", () => ExportScopes.CheckScope(new("serviceA", "i1", "default", "machine01"), [], "serviceA:i1:default:machine01"),
            "\"serviceA:i1:default:machine01\""),
        T("checkScope", "test_check_scope_with_whitelist", () => ExportScopes.CheckScope(new(ServiceName: "serviceA", MachineName: "machine01"), ["serviceB:::machine02"], "serviceB:::machine02"),
            "\"serviceB:::machine02\""),

        T("checkExports", "test_check_exports", () => ExportScopes.CheckExports(new(ServiceName: "serviceA"), Exports("""{"serviceA:::":{"foo":42}}""")),
            """{"serviceA:::":{"foo":42}}"""),
        T("checkExports", "test_check_exports_multiple", () => ExportScopes.CheckExports(new(ServiceName: "serviceA"),
                Exports("""{"serviceA:::":{"foo":42},"serviceA:::machine01":{"bar":7},"serviceA:i1:default:machine02":{"baz":99}}""")),
            """{"serviceA:::":{"foo":42},"serviceA:::machine01":{"bar":7},"serviceA:i1:default:machine02":{"baz":99}}"""),
        T("checkExports", "test_check_exports_with_machine", () => ExportScopes.CheckExports(new(ServiceName: "serviceA", MachineName: "machine01"),
                Exports("""{"serviceA:::machine01":{"value":123}}""")),
            """{"serviceA:::machine01":{"value":123}}"""),

        T("selectExports", "test_select_exports", () => Names(ExportScopes.SelectExports(s => s.ServiceName == "serviceA" && s.InstanceName == "iA" && s.RoleName == "default",
                ["serviceA:::", "serviceA:iA::", "serviceA:iA:default:", "serviceA:iA:default:jon", "serviceA:iA:default:sara", "serviceB:::"])),
            """["serviceA:iA:default:","serviceA:iA:default:jon","serviceA:iA:default:sara"]"""),
        T("selectExports", "test_select_exports_by_machine", () => Names(ExportScopes.SelectExports(s => s.MachineName == "jon",
                ["serviceA:::jon", "serviceA:iA:default:jon", "serviceB:iB:peer:jon", "serviceA:::sara", ":::global"])),
            """["serviceA:::jon","serviceA:iA:default:jon","serviceB:iB:peer:jon"]"""),
        T("selectExports", "test_select_exports_by_service_only", () => Names(ExportScopes.SelectExports(s => s.ServiceName == "serviceA",
                ["serviceA:::", "serviceA:::jon", "serviceA:iA:peer:machineA", "serviceB:iB:peer:machineB", ":::global"])),
            """["serviceA:::","serviceA:::jon","serviceA:iA:peer:machineA"]"""),
        // Upstream's "C:iC:peer:jon" value is a throw: selection reads names only, so it never fires.
        T("selectExports", "test_select_exports_by_query", () => Names(ExportScopes.SelectExports(s => s.ServiceName != "A",
                ["A:::", "A:::jon", "A:iA:peer:jon", "B:iB:peer:jon", "C:iC:peer:jon"])),
            """["B:iB:peer:jon","C:iC:peer:jon"]"""),

        T("getExport", "test_get_export", () => ExportScopes.GetExport(new("serviceA", "iA", "default", "jon"),
                Exports("""{"serviceA:iA:default:jon":{"foo":42,"bar":7},"serviceA:iA:default:sara":{"foo":10}}""")),
            """{"foo":42,"bar":7}"""),
        T("getExport", "test_get_export_service_level", () => ExportScopes.GetExport(new(ServiceName: "serviceA"),
                Exports("""{"serviceA:::":{"config":"global-service-config","port":8080},"serviceA:::machine01":{"foo":99}}""")),
            """{"config":"global-service-config","port":8080}"""),
        T("getExport", "test_get_export_machine_level", () => ExportScopes.GetExport(new(MachineName: "machine01"),
                Exports("""{":::machine01":{"hostname":"machine01.example.com","ip":"192.168.1.10"},"serviceA:::machine01":{"other":"data"}}""")),
            """{"hostname":"machine01.example.com","ip":"192.168.1.10"}"""),
    ];
}
