namespace Conformance.Model.Cases;

/// <summary>System names as clan-core knows them.</summary>
public static class Systems
{
    public const string X86_64Linux = "x86_64-linux";
    public const string Aarch64Linux = "aarch64-linux";
    public const string Riscv64Linux = "riscv64-linux";
    public const string Aarch64Darwin = "aarch64-darwin";
    public const string X86_64Darwin = "x86_64-darwin";

    /// <summary>clan-core's <c>supportedSystems</c> (modules/clan/module.nix): the keys of <c>clanInternals.machines</c>.</summary>
    public static readonly IReadOnlyList<string> ClanSupported = [X86_64Linux, Aarch64Linux, Riscv64Linux, Aarch64Darwin];
}
