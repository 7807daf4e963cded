using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Runner.Sinks;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Causes;

/// <summary>
/// The ledger on what real Nix observed (tests/Conformance/recorded): clan-core #7295 against the
/// model of the pin, 100 generated clans. Before errors were keyed by what Nix prints, this set gave
/// fourteen causes: two errors seen through every aspect of the machines they took down, and one
/// change of pkgs seen both as a known deviation gone and as values that differ.
/// </summary>
public sealed class RecordedObservationSpecs
{
    private static readonly Lazy<IReadOnlyList<CheckedCase>> Run7295 = new(() =>
        ResultsSink.Read(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "run-7295-seed11.jsonl")).Select(r => r.ToChecked()).ToList());

    [Fact]
    public void The_recorded_7295_run_is_four_behaviours_before_shrinking()
    {
        var ledger = LedgerBuilder.Build(Run7295.Value);
        Assert.Equal(100, Run7295.Value.Count(c => c.Causes.Count > 0));
        Assert.Equal(
        [
            "cfg/nixpkgs:value->value",
            "clan/outputs:value->value",
            "error:AttributeMissing:attribute '<system>' missing",
            "error:NotUnique:The option `nixpkgs.pkgs' is defined multiple times while it's expected to be unique.",
        ], ledger.Causes.Select(c => c.Key.Text).Order(StringComparer.Ordinal));
        // x86_64-darwin was still a supported system: every case shows it.
        Assert.Equal(100, ledger.Causes.Single(c => c.Key.Text == "clan/outputs:value->value").Cases.Count);
    }

    [Fact]
    public void An_error_lists_every_aspect_it_took_down_in_both_scopes()
    {
        var missing = LedgerBuilder.Build(Run7295.Value).Causes.Single(c => c.Key is ErrorKey { Kind: Model.Errors.ErrorKind.AttributeMissing });
        var places = missing.Symptoms.Select(s => s.Symptom.Place).Distinct().ToHashSet();
        Assert.Superset(new HashSet<string> { "cfg/nixpkgs", "cfg/options", "cfg/roles", "cfg/machine-args", "sys/nixpkgs" }, places);
        Assert.Equal(12, missing.Cases.Count);
    }

    [Fact]
    public void The_known_deviation_gone_is_a_symptom_of_the_pkgs_change_not_a_cause_of_its_own()
    {
        var pkgs = LedgerBuilder.Build(Run7295.Value).Causes.Single(c => c.Key.Text == "cfg/nixpkgs:value->value");
        Assert.Contains(pkgs.Symptoms, s => s.Symptom.Text == "cfg/nixpkgs:deviation-gone:configurations-ignore-pkgsForSystem" && s.Cases == 20);
        Assert.Equal(55, pkgs.Cases.Count);
    }

    [Fact]
    public void Keys_do_not_depend_on_which_machines_or_systems_a_case_used()
    {
        // The same AttributeMissing shows on x86_64-linux, aarch64-linux and aarch64-darwin machines of many names.
        var systems = Run7295.Value.SelectMany(c => c.Failing).Select(f => f.Actual).OfType<Model.Observations.ObservedError>()
            .Where(e => e.Kind == Model.Errors.ErrorKind.AttributeMissing).Select(e => e.Message).Distinct().ToList();
        Assert.True(systems.Count >= 3, string.Join(", ", systems));
        Assert.Single(Run7295.Value.SelectMany(c => c.Causes.Keys).OfType<ErrorKey>().Where(k => k.Kind == Model.Errors.ErrorKind.AttributeMissing).Distinct());
    }
}
