# Declares conformance.roles. Imported by path from the probe and from every role module of the
# probe service, so lib.modules keys it by path and declares it once per machine.
{ lib, ... }:
{
  options.conformance.roles = lib.mkOption {
    type = lib.types.listOf lib.types.str;
    default = [ ];
  };
}
