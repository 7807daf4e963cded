using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's resolve-module tests at the pinned revision (lib/resolve-module/test.nix, suite
/// <c>eval-tests-resolve-module</c>): <c>resolveModule</c> called directly, re-expressed against
/// <see cref="ModuleResolution"/>. Upstream's modules are attribute sets <c>{ name = …; }</c>.
/// </summary>
public static class ResolveModuleExampleCases
{
    private const string Suite = "eval-tests-resolve-module";
    private const string File = "lib/resolve-module/test.nix";

    private static JsonObject Module(string name) => new() { ["name"] = name };

    /// <summary>Upstream's <c>fromSpec</c>: self exports <c>foo</c>, clan-core has <c>foo</c> and <c>bar</c>.</summary>
    private static Outcome FromSpec(string name, string? input)
    {
        var (module, error) = ModuleResolution.Resolve(new ModuleRef(name, input),
            new Dictionary<string, IReadOnlyDictionary<string, JsonObject>?> { ["self"] = new Dictionary<string, JsonObject> { ["foo"] = Module("self/foo") } },
            new Dictionary<string, JsonObject> { ["foo"] = Module("clan/foo"), ["bar"] = Module("clan/bar") });
        return error is not null ? Outcome.Fails(error) : Outcome.Value(module!.DeepClone(), "resolveModule");
    }

    private static UpstreamExample T(string test, Func<Outcome> predict, string expected) => new(Suite, test, File, predict, expected);

    public static readonly IReadOnlyList<UpstreamExample> All =
    [
        T("test_default_clan_core", () => FromSpec("foo", null), """{"name":"clan/foo"}"""),
        T("test_self_module", () => FromSpec("foo", "self"), """{"name":"self/foo"}"""),
        T("test_missing_self_module", () => FromSpec("bar", "self"), "error:Throw:flake input 'self' doesn't provide clan-module with name 'bar'"),
        T("test_missing_core_module", () => FromSpec("nana", null), "error:Throw:clan-core doesn't provide clan-module with name 'nana'"),
    ];
}
