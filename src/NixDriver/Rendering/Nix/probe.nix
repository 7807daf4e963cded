# clan-conformance probe: declares the options the harness observes. Imported first by every
# clan.machines.<name> and by every machines/<name>/configuration.nix of a rendered case.
{ lib, ... }:
{
  imports = [ ./roles-option.nix ];
  options.conformance = {
    # types.str merges with mergeEqualOption: equal kept definitions agree, different ones conflict.
    scalar = lib.mkOption {
      type = lib.types.str;
      default = "default";
    };
    # Exactly one kept definition allowed; null when unset.
    unique = lib.mkOption {
      type = lib.types.nullOr (lib.types.uniq lib.types.str);
      default = null;
    };
    # Definition order and mkOrder decide the value.
    list = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
    };
    # The attributes of the clan-core argument a module read (each forced while this is).
    coreReads = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
    };
  };
}
