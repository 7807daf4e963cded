using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Rendering;

namespace Conformance.Tests.Driver;

/// <summary>How stderr-derived fields read Nix's stderr, and the commands that reproduce them.</summary>
public sealed class StderrFieldSpecs
{
    // The shape of clan-core's warning (modules/clan/default.nix) as Nix 2.26 prints it: lib.warnIf's
    // multi-line message after "evaluation warning:", once per attribute forced.
    private const string Stderr = """
        evaluation warning: Using deprecated clan-core attribute: 'inputs'

                            Only these attributes are officially supported:
                              clanLib
                              lib
        evaluation warning: Service instance 'svc': The following tags were not found: [ "nosuchtag" ]
        evaluation warning: Using deprecated clan-core attribute: 'outPath'

                            Only these attributes are officially supported:
        evaluation warning: Using deprecated clan-core attribute: 'inputs'
        trace: something else
        """;

    [Fact]
    public void Core_warnings_are_the_attributes_they_name_sorted_and_distinct()
    {
        var entries = StderrReport.Parse(Stderr).Entries;
        Assert.Equal(["inputs", "outPath"], CaseObservations.CoreWarnings(entries));
        Assert.Null(StderrFields.CoreWarningAttribute("Service instance 'svc': …"));
        Assert.Null(StderrFields.CoreWarningAttribute(StderrFields.CoreWarningPrefix + "unterminated"));
    }

    [Fact]
    public void The_repro_command_of_core_warnings_greps_for_them()
    {
        var clanCase = new ClanCase("c1") { CoreReads = ["inputs"], Machines = [new MachineSpec("m") { InClanMachines = true }] };
        var command = ReproCommand.For(clanCase, FieldKey.CoreWarnings(),
            [FieldKey.Configuration("m", MachineField.HostName), FieldKey.Configuration("m", MachineField.CoreReads), FieldKey.Clan(ClanField.Inventory)]);
        Assert.Equal(ReproOutput.CoreWarnings, command.Output);
        // Only the reads: nothing else prints the warning, and the command stays readable.
        Assert.Contains("conformance.coreReads", command.Apply);
        Assert.DoesNotContain("hostName", command.Apply);
        Assert.DoesNotContain("inventory", command.Apply);
        Assert.EndsWith($"2>&1 | grep -F '{StderrFields.CoreWarningPrefix.Replace("'", "'\\''")}'", command.ToShellString());
    }
}
