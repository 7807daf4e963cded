# clan-conformance probe service: a local clan service whose roles are visible in the machine
# configuration. Each role a machine is a member of adds "<instance>/<role>" to conformance.roles.
let
  role =
    roleName:
    { instanceName, ... }:
    let
      module = {
        imports = [ ../_harness/roles-option.nix ];
        conformance.roles = [ (instanceName + "/" + roleName) ];
      };
    in
    {
      nixosModule = module;
      darwinModule = module;
    };
in
{
  clan.modules.probe = {
    _class = "clan.service";
    manifest.name = "probe";
    manifest.description = "clan-conformance: makes role membership observable";
    roles.server.perInstance = role "server";
    roles.client.perInstance = role "client";
  };
}
