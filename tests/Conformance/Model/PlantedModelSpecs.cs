using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Each property named after a behaviour fails when the model gets that behaviour wrong: it runs
/// on the same generated cases against the real oracle (where it holds on every one) and against a
/// model with that one mistake planted (<see cref="WrongModels"/>), where it must fail on a share
/// of them. The share is a floor, not an exact figure: it catches a property that went vacuous
/// (returns early, or checks only the side the mistake does not touch), as the copy property
/// did when it skipped every clan whose first machine had a machines/ directory.
/// </summary>
public sealed class PlantedModelSpecs(ITestOutputHelper output)
{
    private const int Seed = 1;
    private const int Cases = 60;

    [Fact]
    public void The_copy_property_fails_against_a_model_counting_pkgsForSystem_per_machine() =>
        AssertCatches(CaseKind.Clan, ModelProperties.CopyKeepsPkgsForSystemCalls, WrongModels.CountsPkgsForSystemPerMachine, minimumShare: 0.2);

    [Fact]
    public void The_tag_settings_property_fails_against_a_model_that_ignores_tag_settings() =>
        AssertCatches(CaseKind.Services, ServiceModelProperties.TagSettingsReachExactlyTheCarriers, WrongModels.IgnoresTagSettings, minimumShare: 0.3);

    /// <param name="minimumShare">The share of the cases on which the wrong model must fail the property (about half what was measured, see the output).</param>
    private void AssertCatches(CaseKind kind, Action<Func<ClanCase, Prediction>, ClanCase> property, Func<ClanCase, Prediction> wrong, double minimumShare)
    {
        var caught = new List<(string Case, string Why)>();
        for (var index = 1; index <= Cases; index++)
        {
            var c = ClanArbitraries.Generate(Seed, index, kind: kind);
            property(Model.Oracle.Oracle.Predict, c); // holds for the real model (an exception here is the property failing on it)
            try
            {
                property(wrong, c);
            }
            catch (XunitException e)
            {
                caught.Add((c.Id, e.Message.Split('\n')[0]));
            }
        }
        var share = (double)caught.Count / Cases;
        output.WriteLine($"the wrong model fails the property on {caught.Count} of {Cases} cases ({share:P0}) of seed {Seed}");
        foreach (var (id, why) in caught.Take(3)) output.WriteLine($"  {id}: {why}");
        Assert.True(share >= minimumShare, $"the wrong model fails the property on only {caught.Count} of {Cases} generated cases ({share:P0} < {minimumShare:P0}): the property barely checks what it is named after");
    }
}
