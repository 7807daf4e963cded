namespace Conformance.Model.Cases;

/// <summary>
/// <c>clan.inventory.instances.&lt;Name&gt;</c> of the probe service (a local clan service whose
/// roles add "&lt;instance&gt;/&lt;role&gt;" to the machines' <c>conformance.roles</c>).
/// </summary>
public sealed record InstanceSpec(string Name)
{
    public IReadOnlyList<RoleSpec> Roles { get; init; } = [];
}

/// <summary>A role of the probe service and its members by name and by tag.</summary>
public sealed record RoleSpec(string Role)
{
    public const string Server = "server";
    public const string Client = "client";

    public IReadOnlyList<string> Machines { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary><c>clan.inventory.tags.&lt;Tag&gt; = [ machines ]</c>: a static tag.</summary>
public sealed record StaticTag(string Tag, IReadOnlyList<string> Machines);
