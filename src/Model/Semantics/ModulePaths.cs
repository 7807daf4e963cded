namespace Conformance.Model.Semantics;

/// <summary>
/// Where the renderer writes each kind of module, relative to the clan's root. The model keys
/// file modules by these paths (lib.modules keys path imports by path), so renderer and model
/// must agree; both read them from here.
/// </summary>
public static class ModulePaths
{
    public const string Probe = "modules/_harness/probe.nix";
    public const string RolesOption = "modules/_harness/roles-option.nix";
    public const string ServiceOrderOption = "modules/_harness/service-order.nix";

    public static string FileModule(string id) => $"modules/_nixos/{id}.nix";

    public static string DendriticModule(string id) => $"modules/dendritic/{id}.nix";

    public static string MachineConfiguration(string machine, string fileName = "configuration.nix") => $"machines/{machine}/{fileName}";
}
