using Conformance.Model.Causes;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clan.inventory.meta</c>: the clan's name, description, icon, domain and tld, from <c>clan.meta</c> and <c>inventory.json</c>.</summary>
    public static readonly ClanField Meta = new()
    {
        Name = nameof(Meta),
        Doc = "clan.inventory.meta { name, description, icon, domain, tld }: clan.meta and inventory.json's meta merged (equal or conflicting); domain defaults to tld (deprecated) or \"clan\"",
        Words = "`inventory.meta`",
        Observes = ["meta.name", "meta.description", "meta.icon", "meta.domain", "meta.tld", "inventory.meta"],
        Aspect = Aspect.Inventory,
        Areas = AreaSet(FocusArea.Meta, FocusArea.Inventory),
        Read = Read.Flake("clan.inventory.meta"),
        Predict = inventory =>
        {
            var (value, error) = InventoryMeta.Record(inventory.Case);
            return error is not null ? Outcome.Fails(error) : Outcome.Value(value,
                "module.nix: inventory.meta = clan.meta, and inventory.json is a module of the inventory: each option of meta.nix merges both (mergeEqualOption); domain's default is tld (with a warning) or \"clan\"");
        },
    };
}
