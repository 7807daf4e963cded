using System.Reflection;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Rendering;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// Every observed field is one descriptor (src/Model/Observations/Fields): these specs fail when a
/// descriptor lacks a part, when a part is not the one the harness uses, or when the registry
/// misses a descriptor — so adding a field is adding its file, and forgetting a part is an error,
/// not a silent default.
/// </summary>
public sealed class FieldDescriptorSpecs
{
    public static TheoryData<string> AllFields()
    {
        var data = new TheoryData<string>();
        foreach (var f in MachineField.All) data.Add("machine:" + f.Name);
        foreach (var f in ClanField.All) data.Add("clan:" + f.Name);
        foreach (var f in ServiceField.All) data.Add("service:" + f.Name);
        return data;
    }

    private static ObservedField Descriptor(string id) => id.Split(':') switch
    {
        ["machine", var n] => MachineField.Find(n)!,
        ["clan", var n] => ClanField.Find(n)!,
        ["service", var n] => ServiceField.Find(n)!,
        _ => throw new ArgumentException(id),
    };

    /// <summary>A key naming the field, with the components its level has.</summary>
    private static FieldKey KeyOf(ObservedField field) => field switch
    {
        MachineField m => FieldKey.Configuration("jon", m),
        ClanField c => FieldKey.Clan(c),
        ServiceField s => s.Level switch
        {
            ServiceLevel.Clan => FieldKey.Svc(s),
            ServiceLevel.Service => FieldKey.Svc(s, "self-probe"),
            ServiceLevel.Instance => FieldKey.Svc(s, "self-probe", "i1"),
            ServiceLevel.Role => FieldKey.Svc(s, "self-probe", "i1", "peer"),
            ServiceLevel.Member => FieldKey.Svc(s, "self-probe", "i1", "peer", "jon"),
            ServiceLevel.ServiceMachine => FieldKey.Svc(s, "self-probe", machine: "jon"),
            ServiceLevel.InstanceMachine => FieldKey.Svc(s, "self-probe", "i1", machine: "jon"),
            _ => FieldKey.Svc(s, machine: "jon"),
        },
        _ => throw new ArgumentException(field.Name),
    };

    [Theory]
    [MemberData(nameof(AllFields))]
    public void Every_descriptor_has_every_part(string id)
    {
        var field = Descriptor(id);
        Assert.Empty(field.Missing());
    }

    [Fact]
    public void Each_descriptor_is_registered_under_the_name_of_its_member()
    {
        foreach (var kind in new[] { typeof(MachineField), typeof(ClanField), typeof(ServiceField) })
        foreach (var member in kind.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == kind))
            Assert.Equal(member.Name, ((ObservedField)member.GetValue(null)!).Name);
        Assert.True(MachineField.All.Count >= 16 && ClanField.All.Count >= 5 && ServiceField.All.Count >= 17);
    }

    [Theory]
    [MemberData(nameof(AllFields))]
    public void A_key_of_the_field_finds_its_descriptor_and_the_harness_uses_its_parts(string id)
    {
        var field = Descriptor(id);
        var key = KeyOf(field);
        Assert.Same(field, FieldKey.Parse(key.Text).Descriptor);
        Assert.Equal(field.Aspect, Aspects.Of(key));
        Assert.Subset(FocusAreas.Of(key).ToHashSet(), field.Areas.ToHashSet());
        // Every read renders to a function of the outputs (the renderer knows every kind of read).
        Assert.StartsWith("f: ", ObservationExpressions.ForKey(key));
    }

    [Fact]
    public void Fields_read_from_clanInternals_add_their_internals_areas_there_only()
    {
        foreach (var field in MachineField.Internals)
        {
            var sys = FieldKey.Internals(Systems.X86_64Linux, "jon", field);
            Assert.Superset(field.InternalsAreas.ToHashSet(), FocusAreas.Of(sys).ToHashSet());
            Assert.Equal(field.Areas.ToHashSet(), FocusAreas.Of(FieldKey.Configuration("jon", field)).ToHashSet());
        }
        Assert.Contains(MachineField.All, f => !f.InInternals);
    }

    [Fact]
    public void The_oracle_predicts_every_machine_and_clan_descriptor_through_its_own_prediction()
    {
        var platform = new ModuleSpec("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] };
        var c = new ClanCase("t1") { Machines = [new MachineSpec("jon") { InClanMachines = true, Imports = ["platform"] }], Modules = [platform], InspectSystems = [Systems.X86_64Linux] };
        var p = Oracle.Predict(c);
        foreach (var field in MachineField.All) Assert.True(p.Fields.ContainsKey(FieldKey.Configuration("jon", field)), field.Name);
        foreach (var field in MachineField.Internals) Assert.True(p.Fields.ContainsKey(FieldKey.Internals(Systems.X86_64Linux, "jon", field)), field.Name);
        foreach (var field in ClanField.All) Assert.True(p.Fields.ContainsKey(FieldKey.Clan(field)), field.Name);
        Assert.Equal(MachineField.All.Count + MachineField.Internals.Count, p.Fields.Keys.Count(k => k.MachineField is not null));
    }

    public static TheoryData<string> Parts() => ["Doc", "Words", "Areas", "Observes", "Read", "Predict"];

    [Theory]
    [MemberData(nameof(Parts))]
    public void A_descriptor_without_a_part_is_refused_naming_the_field_and_the_part(string part)
    {
        var whole = MachineField.HostName;
        var broken = new MachineField
        {
            Name = "Broken",
            Doc = part == "Doc" ? "" : whole.Doc,
            Words = part == "Words" ? " " : whole.Words,
            Areas = part == "Areas" ? new HashSet<FocusArea>() : whole.Areas,
            Observes = part == "Observes" ? [] : whole.Observes,
            Aspect = whole.Aspect,
            Read = part == "Read" ? null! : whole.Read,
            Predict = part == "Predict" ? null! : whole.Predict,
        };
        var error = Assert.Throws<InvalidOperationException>(() => ObservedField.Check<MachineField>([whole, broken]));
        Assert.Contains("Broken", error.Message);
        Assert.DoesNotContain("HostName", error.Message);
        Assert.Contains(part == "Areas" ? "focus area" : part == "Observes" ? "observed option path" : part, error.Message);
    }

    [Fact]
    public void Two_descriptors_with_one_name_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ObservedField.Check<MachineField>([MachineField.HostName, MachineField.HostName]));
        Assert.Contains("HostName: declared twice", error.Message);
    }

    [Fact]
    public void Unordered_and_normalising_fields_are_the_ones_the_comparison_treats_so()
    {
        // The comparison reads the descriptors: an unordered list is compared as a set, an
        // assertion message is compared as its id.
        var roles = FieldKey.Configuration("jon", MachineField.Roles);
        Assert.True(Conformance.Model.Comparison.Canonical.Equal(roles, JsonValues.Strings(["a", "b"]), JsonValues.Strings(["b", "a"])));
        var list = FieldKey.Configuration("jon", MachineField.List);
        Assert.False(Conformance.Model.Comparison.Canonical.Equal(list, JsonValues.Strings(["a", "b"]), JsonValues.Strings(["b", "a"])));
        var assertions = FieldKey.Configuration("jon", MachineField.NixpkgsAssertions);
        var normalised = Conformance.Model.Comparison.Comparer.Normalise(assertions,
            JsonValues.Strings(["Your system configures nixpkgs with an externally created instance."]))!.AsArray();
        Assert.Equal(AssertionIdsOf(normalised), ["externalInstanceWithConfig"]);
    }

    private static IEnumerable<string> AssertionIdsOf(System.Text.Json.Nodes.JsonArray array) => array.Select(n => n!.GetValue<string>());
}
