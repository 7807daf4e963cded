namespace Conformance.NixDriver.Backends;

/// <summary>
/// The Nix images <c>docker/build-image.sh --nix VERSION</c> builds, by version, and the store
/// volume each uses. One image per Debian suite's nix-bin, so two Nix versions live side by side.
/// </summary>
public static class NixImages
{
    /// <summary>The image without <c>--nix</c> or <c>$CLAN_CONFORMANCE_IMAGE</c>: Debian trixie's nix-bin 2.26.3.</summary>
    public const string Default = "clan-conformance-nix:latest";

    /// <summary>Versions the build script knows (keep in step with its table), with their images.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["2.26"] = Default,
        ["2.34"] = "clan-conformance-nix:2.34",
    };

    /// <summary>
    /// An image from <c>--nix VERSION|IMAGE</c>: a known version (<c>2.34</c>, also <c>2.34.8</c>)
    /// names its image; anything with a <c>:</c> or <c>/</c> is an image already.
    /// </summary>
    /// <returns>Null when it is neither (<see cref="Unknown"/> says what to do).</returns>
    public static string? Resolve(string versionOrImage)
    {
        if (versionOrImage.Contains(':') || versionOrImage.Contains('/')) return versionOrImage;
        var parsed = NixVersion.TryParse(versionOrImage);
        return parsed is not null && Known.TryGetValue($"{parsed.Major}.{parsed.Minor}", out var image) ? image : null;
    }

    /// <summary>What to say about a version <see cref="Resolve"/> does not know.</summary>
    public static string Unknown(string versionOrImage) =>
        $"no image known for Nix '{versionOrImage}'. Known: {string.Join(", ", Known.Keys)} (build one with docker/build-image.sh --nix VERSION), or name an image (NAME:TAG).";

    /// <summary>
    /// The store volume of an image: the default image keeps the volume it always had; every other
    /// image gets its own, so a newer Nix never touches (or migrates) the store an older one uses.
    /// </summary>
    public static string StoreVolume(string image)
    {
        const string prefix = "clan-conformance-nix";
        if (image == Default) return prefix;
        var tag = image.StartsWith(prefix + ":", StringComparison.Ordinal) ? image[(prefix.Length + 1)..] : image;
        // Docker volume names: letters, digits, '.', '_', '-'.
        return prefix + "-" + new string(tag.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
    }
}
