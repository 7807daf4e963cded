using Conformance.Model.Coverage;
using Conformance.Tests.Examples;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Coverage;

/// <summary>
/// clan-core-eval-tests.json says which of clan-core's eval tests a model spec re-expresses; these
/// specs hold it to the specs themselves, so the count the coverage verb prints cannot claim a
/// re-expression that does not exist (or miss one that does).
/// </summary>
public sealed class EvalTestCatalogueSpecs
{
    private static IReadOnlyList<EvalTest> Catalogue() =>
        EvalTestCatalogue.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "clan-core-eval-tests.json"))).Tests;

    [Fact]
    public void Every_expressing_spec_class_exists_in_the_test_assembly()
    {
        var specs = typeof(EvalTestCatalogueSpecs).Assembly.GetTypes().Select(t => t.Name).ToHashSet();
        Assert.All(Catalogue().Where(t => t.ExpressedBy is not null), t => Assert.Contains(t.ExpressedBy!, specs));
    }

    [Fact]
    public void The_services_tests_marked_expressed_are_exactly_the_ones_ServiceExampleCases_re_expresses() =>
        Assert.Equal(
            ServiceExampleCases.UpstreamChecks.Select(c => c.UpstreamTest).Distinct().Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.ServiceExampleSpecs)).Select(t => t.Test).Order(StringComparer.Ordinal));

    [Fact]
    public void The_vars_tests_marked_expressed_are_exactly_the_ones_VarsExampleCases_re_expresses() =>
        Assert.Equal(
            VarsExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.VarsExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_exports_tests_marked_expressed_are_exactly_the_ones_ExportsExampleCases_re_expresses() =>
        Assert.Equal(
            ExportsExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.ExportsExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_resolve_module_tests_marked_expressed_are_exactly_the_ones_ResolveModuleExampleCases_re_expresses() =>
        Assert.Equal(
            ResolveModuleExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.ResolveModuleExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_types_tests_marked_expressed_are_exactly_the_ones_TypesExampleCases_re_expresses() =>
        Assert.Equal(
            TypesExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.TypesExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_build_clan_tests_marked_expressed_are_exactly_the_ones_BuildClanExampleCases_re_expresses() =>
        Assert.Equal(
            BuildClanExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.BuildClanExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_introspection_tests_marked_expressed_are_exactly_the_ones_IntrospectionExampleCases_re_expresses() =>
        Assert.Equal(
            IntrospectionExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.IntrospectionExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void The_jsonschema_tests_marked_expressed_are_exactly_the_ones_JsonSchemaExampleCases_re_expresses() =>
        Assert.Equal(
            JsonSchemaExampleCases.All.Select(e => e.Suite + ":" + e.Test).Order(StringComparer.Ordinal),
            Catalogue().Where(t => t.ExpressedBy == nameof(ModelSpecs.JsonSchemaExampleSpecs)).Select(t => t.Id).Order(StringComparer.Ordinal));

    [Fact]
    public void Each_re_expressed_test_names_the_upstream_file_the_catalogue_names() =>
        Assert.All(VarsExampleCases.All.Concat(ExportsExampleCases.All).Concat(ResolveModuleExampleCases.All).Concat(TypesExampleCases.All)
            .Concat(BuildClanExampleCases.All).Concat(IntrospectionExampleCases.All).Concat(JsonSchemaExampleCases.All), e => Assert.Equal(Catalogue().Single(t => t.Id == e.Suite + ":" + e.Test).File, e.File));

    [Theory]
    [InlineData("""{"tests":[{"suite":"s","test":"t","file":"f"}]}""", "give exactly one of 'expressedBy'")]
    [InlineData("""{"tests":[{"suite":"s","test":"t","file":"f","expressedBy":"X","reason":"r"}]}""", "give exactly one of 'expressedBy'")]
    [InlineData("""{"tests":[{"suite":"s","test":"t","file":"f","reason":"r"},{"suite":"s","test":"t","file":"f","reason":"r"}]}""", "s:t is catalogued 2 times")]
    [InlineData("""{"tests":[{"suite":"s","file":"f","reason":"r"}]}""", "lacks suite, test or file")]
    [InlineData("""{"revision":"x"}""", "no 'tests' list")]
    public void A_malformed_catalogue_is_refused_naming_what_to_fix(string json, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => EvalTestCatalogue.Parse(json)).Message);
}
