using Conformance.Generators;
using Conformance.Generators.Choices;
using Conformance.Model.Cases;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Tests.Shrinking;

/// <summary>
/// The choice source: each combinator of <see cref="Draw{T}"/> takes FsCheck's randomness as
/// FsCheck's combinator of the same name does (so a seed gives the case it gave before choices were
/// recorded), every draw replays from its choices, and zero choices are the simplest value.
/// </summary>
public sealed class DrawSpecs
{
    private static readonly string[] Items = ["a", "b", "c", "d", "e"];

    /// <summary>Pairs of an FsCheck generator and the draw written the same way, values shown as text.</summary>
    public static TheoryData<string> Combinators => new(Pairs.Keys);

    private static readonly Dictionary<string, (Gen<string> Gen, Draw<string> Draw)> Pairs = new()
    {
        ["Choose"] = (Gen.Choose(3, 17).Select(Show), Draw.Choose(3, 17).Select(Show)),
        ["Elements"] = (Gen.Elements(Items), Draw.Elements(Items)),
        ["Frequency"] = (Gen.Frequency((0, Gen.Constant("zero")), (60, Gen.Constant("x")), (30, Gen.Elements(Items)), (10, Gen.Choose(0, 9).Select(Show))),
            Draw.Frequency((0, Draw.Constant("zero")), (60, Draw.Constant("x")), (30, Draw.Elements(Items)), (10, Draw.Choose(0, 9).Select(Show)))),
        ["ListOf"] = (Gen.Elements(Items).ListOf().Select(Show), Draw.Elements(Items).ListOf().Select(Show)),
        ["NonEmptyListOf"] = (Gen.NonEmptyListOf(Gen.Elements(Items).ListOf().Select(Show)).Select(Show), Draw.NonEmptyListOf(Draw.Elements(Items).ListOf().Select(Show)).Select(Show)),
        ["SubListOf"] = (Gen.SubListOf(Items).Select(Show), Draw.SubListOf(Items).Select(Show)),
        ["Shuffle"] = (Gen.Shuffle(Items).Select(Show), Draw.Shuffle(Items).Select(Show)),
        ["ArrayOf"] = (Gen.Elements(Items).ArrayOf(4).Select(Show), Draw.Elements(Items).ArrayOf(4).Select(Show)),
        ["CollectToList"] = (Gen.CollectToList(Items, i => Gen.Choose(0, Items.Length).Select(n => i + n)).Select(Show),
            Draw.CollectToList(Items, i => Draw.Choose(0, Items.Length).Select(n => i + n)).Select(Show)),
        ["Where"] = (Gen.Elements(Items).ListOf().Select(l => l.Take(2).ToList()).Where(l => l.Count > 0).Select(Show),
            Draw.Elements(Items).ListOf().Select(l => l.Take(2).ToList()).Where(l => l.Count > 0).Select(Show)),
        ["Sized and Resize"] = (Gen.Sized(n => Gen.Choose(0, n).Resize(n / 2 + 1).Select(Show)), Draw.Sized(n => Draw.Choose(0, n).Resize(n / 2 + 1).Select(Show))),
        ["SelectMany"] = (
            from n in Gen.Choose(0, 3)
            from xs in Gen.Elements(Items).ArrayOf(n)
            from w in Gen.Frequency((1, Gen.Constant("!")), (2, Gen.Constant("?")))
            select Show(xs) + w,
            from n in Draw.Choose(0, 3)
            from xs in Draw.Elements(Items).ArrayOf(n)
            from w in Draw.Frequency((1, Draw.Constant("!")), (2, Draw.Constant("?")))
            select Show(xs) + w),
    };

    [Theory]
    [MemberData(nameof(Combinators))]
    public void Each_combinator_draws_what_FsCheck_draws_from_the_same_seed(string name)
    {
        var (gen, draw) = Pairs[name];
        foreach (var seed in Enumerable.Range(1, 120))
        foreach (var size in new[] { 0, 1, 7, 30 })
        {
            var expected = gen.Sample(1, new Rnd((ulong)seed * 7919UL), size).Single();
            var (value, _) = Draw.Generate(draw, new Rnd((ulong)seed * 7919UL), size);
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [MemberData(nameof(Combinators))]
    public void Every_draw_replays_from_its_choices(string name)
    {
        var draw = Pairs[name].Draw;
        foreach (var seed in Enumerable.Range(1, 60))
        {
            var (value, choices) = Draw.Generate(draw, new Rnd((ulong)seed), 12);
            var (again, tree) = Draw.Replay(draw, choices, 12);
            Assert.Equal(value, again);
            Assert.Equal(choices, tree.Values());
        }
    }

    [Fact]
    public void Every_generator_replays_its_cases_from_the_choices_saved_with_them()
    {
        foreach (var kind in new[] { CaseKind.Clan, CaseKind.Services, CaseKind.ServicesOnMachines })
        foreach (var c in ClanArbitraries.Campaign(11, 25, kind: kind))
        {
            Assert.Equal(ClanArbitraries.Name(kind), c.Choices!.Generator);
            var (again, _) = Draw.Replay(ClanArbitraries.DrawFor(kind), c.Choices.Values, c.Choices.Size);
            Assert.True(CaseJson.Same(c, again), c.Id);
        }
    }

    [Fact]
    public void Zero_choices_draw_the_simplest_value_and_a_choice_above_its_bound_is_lowered_to_it()
    {
        Assert.Equal("a", Draw.Replay(Draw.Elements(Items), [], 10).Value);
        Assert.Equal("e", Draw.Replay(Draw.Elements(Items), [99], 10).Value);
        Assert.Equal(3, Draw.Replay(Draw.Choose(3, 17), [], 10).Value);
        Assert.Empty(Draw.Replay(Draw.Elements(Items).ListOf(), [], 10).Value);
        Assert.Single(Draw.Replay(Draw.Elements(Items).NonEmptyListOf(), [], 10).Value);
        Assert.Empty(Draw.Replay(Draw.SubListOf(Items), [], 10).Value);
        Assert.Equal(Items, Draw.Replay(Draw.Shuffle(Items), [], 10).Value);
        Assert.Equal("x", Draw.Replay(Draw.Frequency((1, Draw.Constant("x")), (99, Draw.Constant("y"))), [], 10).Value);
        // A filter whose zeros never pass gives no value: the candidate is dropped, never a wrong value.
        Assert.Throws<ChoiceReplayException>(() => Draw.Replay(Draw.Elements(Items).ListOf().Where(l => l.Count > 0), [], 10));
    }

    [Fact]
    public void Shortlex_orders_by_length_then_by_the_first_choice_that_differs()
    {
        Assert.True(CaseChoices.Compare([9, 9], [0, 0, 0]) < 0);
        Assert.True(CaseChoices.Compare([1, 0, 5], [1, 2, 0]) < 0);
        Assert.Equal(0, CaseChoices.Compare([1, 2], [1, 2]));
    }

    [Fact]
    public void A_case_json_keeps_its_choices_on_one_line_and_a_case_without_them_still_reads()
    {
        var c = ClanArbitraries.Generate(5, 3);
        var json = CaseJson.Serialize(c);
        Assert.Contains($"\"values\": \"{string.Join(' ', c.Choices!.Values)}\"", json);
        var read = CaseJson.Deserialize(json);
        Assert.Equal(c.Choices.Values, read.Choices!.Values);
        Assert.Equal((c.Choices.Generator, c.Choices.Size), (read.Choices.Generator, read.Choices.Size));
        // Choices are not part of what a case is.
        Assert.True(CaseJson.Same(c, c with { Choices = null }));
        var old = CaseJson.Deserialize(File.ReadAllText(Path.Combine(Infrastructure.RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295", "case.json")));
        Assert.Null(old.Choices);
    }

    private static string Show(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Show<T>(IEnumerable<T> items) => "[" + string.Join(",", items) + "]";
}
