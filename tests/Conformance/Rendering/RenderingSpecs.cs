using System.Text;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Oracle;
using Conformance.Model.Observations;
using Conformance.NixDriver.Rendering;
using Conformance.Tests.Examples;
using Conformance.Tests.ModelSpecs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Snapshooter.Xunit;

namespace Conformance.Tests.Rendering;

/// <summary>
/// The renderer: every change to generated Nix text shows up as a snapshot diff to review
/// (Snapshooter, standing in for Verify), and escaping is checked as a property.
/// </summary>
public sealed class RenderingSpecs
{
    /// <summary>A tree as path → lines, so snapshot diffs show Nix lines, not escaped strings.</summary>
    private static SortedDictionary<string, string[]> Lines(RenderedTree tree) =>
        new(tree.Files.ToDictionary(kv => kv.Key, kv => kv.Value.Split('\n')), StringComparer.Ordinal);

    [Fact]
    public void Renders_the_dendritic_example_clan() => Snapshot.Match(Lines(ClanRenderer.Render(ExampleCases.Dendritic)));

    [Fact]
    public void Renders_the_priorities_example_clan() => Snapshot.Match(Lines(ClanRenderer.Render(ExampleCases.Priorities)));

    [Fact]
    public void Renders_the_service_settings_example_clan() => Snapshot.Match(Lines(ClanRenderer.Render(ServiceSemanticsCases.ServiceSettingsLevels)));

    [Fact]
    public void Renders_the_service_module_order_example_clan() => Snapshot.Match(Lines(ClanRenderer.Render(ServiceSemanticsCases.ServiceModuleOrderNixos)));

    [Fact]
    public void Renders_the_mocked_input_example_clan() => Snapshot.Match(Lines(ClanRenderer.Render(ServiceExampleCases.ResolveModuleSpecTestImportRemoteModuleByName)));

    [Fact]
    public void Renders_a_batch_around_the_example_clans()
    {
        var units = new[] { ExampleCases.Dendritic, ExampleCases.Priorities }
            .Select(c => new BatchUnit(c, Oracle.Predict(c).Keys.Where(k => k.Scope != Scope.Stderr).Take(6).ToList())).ToList();
        var tree = BatchRenderer.Render(units);
        Snapshot.Match(Lines(new RenderedTree(tree.Files.Where(kv => !kv.Key.StartsWith("cases/", StringComparison.Ordinal)).ToDictionary())));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("${x}", "\"\\${x}\"")]
    [InlineData("$${x}", "\"\\$\\${x}\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak\ttab\rcr", "\"line\\nbreak\\ttab\\rcr\"")]
    [InlineData("''", "\"''\"")]
    [InlineData("ü→✓", "\"ü→✓\"")]
    public void Strings_are_escaped_so_nothing_interpolates(string value, string nix) => Assert.Equal(nix, NixSyntax.String(value));

    [Theory]
    [InlineData("web", "web")]
    [InlineData("a.b", "\"a.b\"")]
    [InlineData("1node", "\"1node\"")]
    [InlineData("inherit", "\"inherit\"")]
    [InlineData("with-dash_and'quote", "with-dash_and'quote")]
    [InlineData("${x}", "\"\\${x}\"")]
    public void Attribute_names_are_bare_only_when_Nix_would_read_them_back_unchanged(string name, string nix) =>
        Assert.Equal(nix, NixSyntax.AttrName(name));

    [Fact]
    public void A_NUL_character_is_rejected_with_a_clear_message() =>
        Assert.Contains("NUL", Assert.Throws<ArgumentException>(() => NixSyntax.String("a\0b")).Message);

    [Property(MaxTest = 500)]
    public void Escaped_strings_read_back_as_the_original(NonNull<string> value)
    {
        var s = value.Get.Replace("\0", "");
        Assert.Equal(s, ReadNixString(NixSyntax.String(s)));
    }

    [Property(Arbitrary = [typeof(HarnessArbitraries)], MaxTest = 100)]
    public void Every_generated_case_renders_with_every_module_in_place(ClanCase c)
    {
        var tree = ClanRenderer.Render(c);
        foreach (var m in c.Modules.Where(m => m.Kind != ModuleKind.Inline))
            Assert.Contains(tree.Files.Keys, k => k.EndsWith($"/{m.Id}.nix", StringComparison.Ordinal));
        var clanDirectory = c.Layout is { } layout ? layout.Directory + "/" : "";
        foreach (var machine in c.Machines.Where(m => m.Directory is not null))
            Assert.Contains(tree.Files.Keys, k => k.StartsWith($"{clanDirectory}machines/{machine.Name}/", StringComparison.Ordinal));
        var writesJson = c.Machines.Any(m => m.InventoryJson is not null) || c.Meta?.Json is not null || c.TagSources?.Json.Count > 0
            || c.Instances.Any(i => i.Source != InstanceSource.Nix);
        Assert.Equal(writesJson, tree.Files.ContainsKey(clanDirectory + "inventory.json"));
        if (c.Layout is { StrayRootFiles: true }) Assert.Contains("\"stray\"", tree.Files["inventory.json"]);
        if (c.PkgsForSystem.Mode != PkgsForSystemMode.Unset)
            Assert.Contains(NixSyntax.String(TraceLabels.PkgsForSystem(c.Id)), tree.Files["modules/clan/core.nix"]);
    }

    [Fact]
    public void Invalid_cases_are_rejected_before_rendering_naming_the_problem()
    {
        var bad = new ClanCase("bad id!") { Machines = [new MachineSpec("m") { Imports = ["missing"] }] };
        var message = Assert.Throws<InvalidCaseException>(() => ClanRenderer.Render(bad)).Message;
        Assert.Contains("case id 'bad id!'", message);
        Assert.Contains("imports unknown module 'missing'", message);
        Assert.Contains("is not in clan.machines", message);
    }

    /// <summary>A reference reader for Nix double-quoted strings (the escapes of the Nix manual).</summary>
    private static string ReadNixString(string literal)
    {
        Assert.StartsWith("\"", literal);
        Assert.EndsWith("\"", literal);
        var body = literal[1..^1];
        var result = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            Assert.False(c == '"', "an unescaped quote ends the string early");
            Assert.False(c == '$' && i + 1 < body.Length && body[i + 1] == '{', "an unescaped ${ would interpolate");
            if (c != '\\') { result.Append(c); continue; }
            var next = body[++i];
            result.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => next });
        }
        return result.ToString();
    }
}
