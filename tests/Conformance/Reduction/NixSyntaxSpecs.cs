using Conformance.Model.Cases;
using Conformance.NixDriver.Rendering;
using Conformance.NixDriver.Rendering.Syntax;
using Conformance.Tests.Examples;
using Conformance.Tests.ModelSpecs;
using FsCheck.Xunit;

namespace Conformance.Tests.Reduction;

/// <summary>
/// The reducer's Nix parser and printer, without Nix: the constructs of the grammar parse to the
/// expression Nix's own parser gives (written here as the printer's fully determined output), the
/// printer's text parses back to itself, and everything the renderers write parses. The live
/// <c>NixSyntaxLiveSpecs</c> compares with <c>nix-instantiate --parse</c> itself.
/// </summary>
public sealed class NixSyntaxSpecs
{
    private static string RoundTrip(string source) => NixPrinter.Print(NixParser.Parse(source)).TrimEnd('\n');

    [Theory]
    // Precedence and associativity, against the table of the Nix manual.
    [InlineData("a ++ b ++ c", "a ++ b ++ c")]
    [InlineData("(a ++ b) ++ c", "(a ++ b) ++ c")]
    [InlineData("a - b - c", "a - b - c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("!a || b && c", "!a || b && c")]
    [InlineData("!(a + b)", "!a + b")]
    [InlineData("-f x", "-f x")]
    [InlineData("(-f) x", "(-f) x")]
    [InlineData("f x.y or z w", "f x.y or z w")]
    [InlineData("(f x).y", "(f x).y")]
    [InlineData("a ? b.c && d", "a ? b.c && d")]
    [InlineData("a // b // c", "a // b // c")]
    [InlineData("a -> b -> c", "a -> b -> c")]
    [InlineData("f (x: x) [ 1 x.y \"z\" ]", "f (x: x) [ 1 x.y \"z\" ]")]
    [InlineData("x: y: x", "x: y: x")]
    [InlineData("{ a, b ? 1, ... }@args: a", "{ a, b ? 1, ... }@args: a")]
    [InlineData("args@{ a }: a", "args@{ a }: a")]
    [InlineData("{ }: 1", "{ }: 1")]
    [InlineData("if a then b else c", "if a then b else c")]
    [InlineData("with lib; assert x; y", "with lib; assert x; y")]
    // Literals.
    [InlineData("./a/b.nix", "./a/b.nix")]
    [InlineData("../x", "../x")]
    [InlineData("<nixpkgs>", "<nixpkgs>")]
    [InlineData("https://example.org/a?b=c", "https://example.org/a?b=c")]
    [InlineData("1.5e3", "1.5e3")]
    [InlineData("\"a\\\"b\\\\c\\n${x}\"", "\"a\\\"b\\\\c\\n${x}\"")]
    [InlineData("\"$${x}\"", "\"$\\${x}\"")]
    [InlineData("\"\\${x}\"", "\"\\${x}\"")]
    [InlineData("\"a$\"", "\"a$\"")]
    // Attribute sets: rec, inherit, quoted and dynamic names, a set under one name written as a path.
    [InlineData("rec { a = 1; }", "rec { a = 1; }")]
    [InlineData("{ inherit (x) a \"b\"; }", "{ inherit (x) a b; }")]
    [InlineData("{ \"a b\".c = 1; }", "{ \"a b\".c = 1; }")]
    [InlineData("{ ${x} = 1; }", "{ ${x} = 1; }")]
    [InlineData("{ a = { b = { c = 1; }; }; }", "{ a.b.c = 1; }")]
    [InlineData("x.\"a.b\".c", "x.\"a.b\".c")]
    [InlineData("# comment\n/* block */ a", "a")]
    public void Parses_and_prints_each_construct_as_Nix_reads_it(string source, string printed) => Assert.Equal(printed, RoundTrip(source));

    [Fact]
    public void An_indented_string_loses_its_common_indentation_as_in_Nix()
    {
        var parsed = (NixString)NixParser.Parse("''\n    a\n      b ${x}\n    c''$ '''\n  ''");
        Assert.Equal(["a\n  b ", "<x>", "\nc$ ''\n"], parsed.Parts.Select(p => p is NixText t ? t.Value : "<x>"));
    }

    [Fact]
    public void A_let_and_a_set_of_several_bindings_are_laid_out_one_binding_per_line()
    {
        var printed = NixPrinter.Print(NixParser.Parse("let a = 1; b = { c = 2; d = 3; }; in { inherit a b; f = { lib, ... }: { x = lib.mkForce { y = 1; z = 2; }; }; }"));
        Assert.Equal("""
            let
              a = 1;
              b = {
                c = 2;
                d = 3;
              };
            in
            {
              inherit a b;
              f =
                { lib, ... }:
                {
                  x = lib.mkForce {
                    y = 1;
                    z = 2;
                  };
                };
            }

            """.Replace("\r", ""), printed);
    }

    [Theory]
    [InlineData("{ a = 1; ", "line 1, column 10: expected '}'")]
    [InlineData("\"abc", "unterminated string")]
    [InlineData("let { a = 1; }", "legacy 'let { … }'")]
    [InlineData("./a/${b}", "path with an interpolation")]
    [InlineData("f = 1", "expected end of input")]
    public void Bad_input_is_an_error_naming_where_and_what(string source, string message) =>
        Assert.Contains(message, Assert.Throws<NixParseException>(() => NixParser.Parse(source)).Message);

    [Fact]
    public void Every_file_the_renderers_write_for_the_examples_parses_and_prints_stably()
    {
        ClanCase[] cases = [ExampleCases.Dendritic, ExampleCases.Priorities, ExampleCases.ClanCoreReads, ServiceSemanticsCases.ServiceSettingsLevels,
            ServiceSemanticsCases.ServiceModuleOrderNixos, ServiceExampleCases.ResolveModuleSpecTestImportRemoteModuleByName];
        foreach (var c in cases) AssertStable(ClanRenderer.Render(c));
    }

    [Property(Arbitrary = [typeof(HarnessArbitraries)], MaxTest = 60)]
    public void Every_generated_clan_parses_and_prints_stably(ClanCase c) => AssertStable(ClanRenderer.Render(c));

    private static void AssertStable(RenderedTree tree)
    {
        foreach (var (path, content) in tree.Files.Where(f => f.Key.EndsWith(".nix", StringComparison.Ordinal)))
        {
            var once = NixPrinter.Print(NixParser.Parse(content));
            var twice = NixPrinter.Print(NixParser.Parse(once));
            Assert.True(once == twice, $"{path} prints differently the second time:\n{once}\n---\n{twice}");
        }
    }
}
