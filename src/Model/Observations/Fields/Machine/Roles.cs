using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.conformance.roles</c>: "instance/role" entries the probe service adds for each role the machine is in.</summary>
    public static readonly MachineField Roles = new()
    {
        Name = nameof(Roles),
        Doc = "config.conformance.roles: one \"instance/role\" entry per probe-service role the machine is a member of (by name or tag)",
        Words = "the service roles the machine is in",
        Observes = ["inventory.instances.<instance>.roles.<role>.machines", "inventory.instances.<instance>.roles.<role>.tags"],
        Aspect = Aspect.Roles,
        Areas = AreaSet(FocusArea.Roles),
        Unordered = true,
        Read = Read.Config("conformance.roles").Or(new System.Text.Json.Nodes.JsonArray()),
        Predict = m =>
        {
            var roles = m.Inventory.Roles()[m.Machine.Name];
            // The roles option exists when the probe or a role's module (which imports the same keyed file) is present.
            return Outcome.Value(JsonValues.Strings(roles),
                roles.Count == 0
                    ? "member of no role"
                    : $"resolveTags: the role's machines plus every inventory machine with one of the role's tags ({string.Join(", ", roles)})");
        },
    };
}
