using Conformance.NixDriver.Backends;

namespace Conformance.Tests.Driver;

/// <summary>Choosing the Nix by version: <c>--nix</c>, <c>--base-nix</c>/<c>--head-nix</c> and <c>$CLAN_CONFORMANCE_IMAGE</c>.</summary>
public sealed class NixImageSpecs
{
    [Theory]
    [InlineData("2.26", "clan-conformance-nix:latest")]
    [InlineData("2.26.3", "clan-conformance-nix:latest")]
    [InlineData("2.34", "clan-conformance-nix:2.34")]
    [InlineData("2.34.8", "clan-conformance-nix:2.34")]
    [InlineData("registry.example/nix:2.40", "registry.example/nix:2.40")]
    [InlineData("my-nix:dev", "my-nix:dev")]
    public void A_known_version_names_its_image_and_an_image_stays_itself(string given, string image) =>
        Assert.Equal(image, NixImages.Resolve(given));

    [Theory]
    [InlineData("2.18")]
    [InlineData("latest")]
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_known_versions(string given)
    {
        Assert.Null(NixImages.Resolve(given));
        Assert.Contains("Known: 2.26, 2.34", NixImages.Unknown(given));
    }

    [Fact]
    public void The_default_image_keeps_its_store_and_every_other_image_gets_one_of_its_own()
    {
        Assert.Equal("clan-conformance-nix", NixImages.StoreVolume(NixImages.Default));
        var volumes = NixImages.Known.Values.Append("my-nix:dev").Select(NixImages.StoreVolume).ToList();
        Assert.Equal(volumes.Count, volumes.Distinct().Count());
        Assert.Equal("clan-conformance-nix-2.34", NixImages.StoreVolume("clan-conformance-nix:2.34"));
        Assert.Equal("clan-conformance-nix-registry.example-nix-2.40", NixImages.StoreVolume("registry.example/nix:2.40"));
    }

    [Fact]
    public void The_store_volume_follows_the_image_unless_named()
    {
        var options = new ContainerNixBackendOptions { Image = "clan-conformance-nix:2.34", StoreVolume = null };
        Assert.Equal(NixImages.StoreVolume("clan-conformance-nix:2.34"), options.Volume);
        Assert.Equal("mine", (options with { StoreVolume = "mine" }).Volume);
    }
}
