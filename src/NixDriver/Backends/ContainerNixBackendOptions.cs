namespace Conformance.NixDriver.Backends;

/// <summary>Settings of the container backend; every default says why it is what it is.</summary>
public sealed record ContainerNixBackendOptions
{
    /// <summary>Built by <c>docker/build-image.sh</c>; never pulled (there may be no registry). <c>$CLAN_CONFORMANCE_IMAGE</c>: an image or a known Nix version (<see cref="NixImages"/>).</summary>
    public string Image { get; init; } = Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_IMAGE") is { Length: > 0 } image ? NixImages.Resolve(image) ?? image : NixImages.Default;

    /// <summary>
    /// The command that builds <see cref="Image"/>, as a missing image's error names it: the
    /// checkout's script (relative: run from the checkout), or the copy a packed tool carries.
    /// </summary>
    public string ImageRecipe { get; init; } = "docker/build-image.sh";

    /// <summary>
    /// Named volume holding <c>/nix</c> (store, database, fetcher cache) across runs, so input trees
    /// are added to the store once, not per run. Shared by concurrent runs: single-user Nix locks
    /// its database, which is safe across containers on one kernel. Null: the image's own
    /// (<see cref="NixImages.StoreVolume"/>), so each Nix version keeps a store of its own.
    /// </summary>
    public string? StoreVolume { get; init; } = Environment.GetEnvironmentVariable("CLAN_CONFORMANCE_STORE_VOLUME");

    /// <summary>The volume used: <see cref="StoreVolume"/>, or the image's own.</summary>
    public string Volume => StoreVolume ?? NixImages.StoreVolume(Image);

    /// <summary>Host directories mounted read-only at the same path (input trees).</summary>
    public IReadOnlyList<string> ReadOnlyMounts { get; init; } = [];

    /// <summary>Host directories mounted read-write at the same path (rendered clans).</summary>
    public IReadOnlyList<string> ReadWriteMounts { get; init; } = [];

    /// <summary>
    /// Container memory limit in bytes, null for none. A limit turns a runaway evaluation into an
    /// OOM kill the harness reports as an infrastructure fault instead of a machine-wide stall.
    /// </summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>
    /// Network mode. <c>none</c>: evaluation is offline by construction, so a case can never pass
    /// by fetching something. (Bridge networks are not allowed on some hosts; <c>host</c> works.)
    /// </summary>
    public string NetworkMode { get; init; } = "none";
}
