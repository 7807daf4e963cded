using Conformance.Model.Cases;
using Conformance.Model.Errors;

namespace Conformance.Model.Services;

/// <summary>
/// clan-core's <c>resolveModule</c> (lib/resolve-module/default.nix): which clan service an
/// instance's <c>module</c> names. <c>module.input = null</c> looks the name up in clan-core's own
/// modules; any other input must be one of the flake's inputs (else <c>Flake doesn't provide input
/// with name …</c>), that input must export <c>clan.modules</c> (else <c>flake input '…' doesn't
/// export any clan services …</c>), and it must have the name (else <c>flake input '…' doesn't provide
/// clan-module with name …</c>, or for clan-core's own <c>clan-core doesn't provide …</c>). Pure.
/// </summary>
internal static class ModuleResolution
{
    /// <summary>The module <paramref name="module"/> names, or the error reading it throws.</summary>
    /// <param name="flakeInputs">The flake's inputs by name, each with the services its <c>clan.modules</c> exports by name, or null when it exports none.</param>
    /// <param name="clanCoreModules">clan-core's own services by name.</param>
    public static (T? Module, ExpectedError? Error) Resolve<T>(ModuleRef module, IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>?> flakeInputs,
        IReadOnlyDictionary<string, T> clanCoreModules) where T : class
    {
        if (module.Input is null)
            return clanCoreModules.TryGetValue(module.Name, out var core) ? (core, null)
                : (null, new ExpectedError(ErrorKind.Throw, $"clan-core doesn't provide clan-module with name '{module.Name}'",
                    "resolveModule: module.input = null looks the module up in clan-core's clan.modules"));
        if (!flakeInputs.TryGetValue(module.Input, out var modules))
            return (null, new ExpectedError(ErrorKind.Throw, $"Flake doesn't provide input with name '{module.Input}'",
                "resolveModule: module.input names a flake input the clan's self.inputs do not have"));
        if (modules is null)
            return (null, new ExpectedError(ErrorKind.Throw, $"flake input '{module.Input}' doesn't export any clan services via the `clan.modules` output attribute",
                "resolveModule: the input has no clan.modules"));
        return modules.TryGetValue(module.Name, out var found) ? (found, null)
            : (null, new ExpectedError(ErrorKind.Throw, $"flake input '{module.Input}' doesn't provide clan-module with name '{module.Name}'",
                "resolveModule: the input's clan.modules has no such service"));
    }
}
