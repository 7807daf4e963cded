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
}
