# Declares conformance.serviceOrder. Imported by path from every module a clan service of the case
# gives a machine (perMachine, perInstance, extraModules), so lib.modules keys it by path and
# declares it once per machine. Each of those modules adds one entry naming itself: the list shows
# which modules reached the machine and in which order their definitions were merged.
{ lib, ... }:
{
  options.conformance.serviceOrder = lib.mkOption {
    type = lib.types.listOf lib.types.str;
    default = [ ];
  };
}
