using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Oracle;
using Xunit.Abstractions;

namespace Conformance.Tests.ModelSpecs;

/// <summary>What the services generator produces, checked without Nix on the same cases the live services campaign runs.</summary>
public sealed class ServiceGeneratorSpecs(ITestOutputHelper output)
{
    /// <summary>The labels a services campaign must show: every settings level, every priority and order form inside settings, every user mistake.</summary>
    public static readonly IReadOnlyList<string> RequiredLabels =
    [
        "settings-level:role", "settings-level:machine", "settings-level:tag", "settings-level:extendSettings",
        "tags:list", "tags:attrs", "extraModules", "darwin-with-services", "member-not-in-inventory",
        "machine-in-several-roles", "machine-in-several-instances", "instances-of-one-service",
        "settings-priority:Force", "settings-priority:Default", "settings-priority:Override",
        "settings-order:Before", "settings-order:After", "settings-order:Custom",
        "service-error:unknown-role", "service-error:two-definitions", "service-error:function-in-settings", "service-error:imports-in-settings",
        "service-error:wrong-type", "service-error:conflicting-values", "service-error:undeclared-option", "service-error:no-value",
        "service-settings-resolved",
    ];

    /// <summary>Campaign seed and size of the live services campaign (<see cref="Differential.SharedServiceCampaign"/>).</summary>
    [Fact]
    public void The_services_campaign_covers_every_level_priority_and_error_class()
    {
        var cases = ClanArbitraries.Campaign(Differential.SharedServiceCampaign.DefaultSeed, Differential.SharedServiceCampaign.DefaultCases, kind: CaseKind.Services);
        var counts = cases.SelectMany(c => CaseClassifier.Labels(c, Oracle.Predict(c))).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (label, count) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) output.WriteLine($"{count,5} {label}");
        var missing = RequiredLabels.Where(l => counts.GetValueOrDefault(l) < 3).ToList();
        Assert.True(missing.Count == 0, "the services generator rarely or never produces: " + string.Join(", ", missing));
        Assert.All(cases, c => Assert.Empty(CaseValidator.Problems(c)));
    }

    /// <summary>The CI campaign's cases (plain clans) cover what its live coverage test requires, decided without Nix.</summary>
    [Fact]
    public void The_default_campaign_covers_every_required_label()
    {
        var cases = ClanArbitraries.Campaign(Differential.SharedCampaign.DefaultSeed, Differential.SharedCampaign.DefaultCases);
        var counts = cases.SelectMany(c => CaseClassifier.Labels(c, Oracle.Predict(c))).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var rare = Differential.DifferentialSpecs.RequiredLabels.Where(l => counts.GetValueOrDefault(l) < Differential.DifferentialSpecs.MinimumPerLabel)
            .Select(l => $"{l} ({counts.GetValueOrDefault(l)})").ToList();
        Assert.True(rare.Count == 0, "rare: " + string.Join(", ", rare));
        Assert.DoesNotContain(cases, c => c.Services.Count > 0);
    }

    /// <summary>
    /// <c>run</c> without --focus or --generator (the README's main job, the nightly, diff's default)
    /// checks both campaigns of its seed, case for case: what <c>--focus services</c> with the same
    /// seed and count finds, it finds too; and its generated-case table shows every settings level.
    /// </summary>
    [Fact]
    public void A_campaign_without_a_focus_holds_the_clans_and_the_services_campaign_of_its_seed()
    {
        const int seed = 5, count = 40;
        var all = ClanArbitraries.Campaign(seed, count, kind: ClanArbitraries.KindFor([]));
        var clans = ClanArbitraries.Campaign(seed, count, kind: CaseKind.Clan);
        var services = ClanArbitraries.Campaign(seed, count, kind: CaseKind.Services);

        Assert.Equal(2 * count, all.Count);
        var byId = all.ToDictionary(c => c.Id);
        Assert.All(clans, c => Assert.Equal(CaseJson.Serialize(c), CaseJson.Serialize(byId[c.Id])));
        Assert.All(services.Select((c, i) => c with { Id = ClanArbitraries.ServiceCaseId(i + 1) }),
            c => Assert.Equal(CaseJson.Serialize(c), CaseJson.Serialize(byId[c.Id])));
        var labels = all.SelectMany(c => CaseClassifier.Labels(c, Oracle.Predict(c))).ToHashSet();
        var missing = RequiredLabels.Where(l => l.StartsWith("settings-level:", StringComparison.Ordinal) || l == "tags:attrs").Where(l => !labels.Contains(l)).ToList();
        Assert.True(missing.Count == 0, "a campaign without a focus lacks: " + string.Join(", ", missing));
        Assert.Contains("shape:services", labels);
    }
}
