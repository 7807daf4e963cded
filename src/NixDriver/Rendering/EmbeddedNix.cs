using System.Reflection;

namespace Conformance.NixDriver.Rendering;

/// <summary>The static Nix files of the harness (Rendering/Nix/*.nix), embedded in this assembly.</summary>
internal static class EmbeddedNix
{
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Conformance.NixDriver.Rendering." + fileName)
            ?? throw new InvalidOperationException($"embedded Nix file {fileName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
