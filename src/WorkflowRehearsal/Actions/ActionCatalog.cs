namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>The actions the rehearsal emulates; a workflow using any other fails loudly.</summary>
internal static class ActionCatalog
{
    public static IReadOnlyList<IActionEmulation> All { get; } =
    [
        new Checkout(), new SetupDotnet(), new InstallNix(),
        new Cache(), new CacheRestore(), new CacheSave(),
        new UploadArtifact(), new DownloadArtifact(),
    ];
}
