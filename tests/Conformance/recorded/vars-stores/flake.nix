# Vars of machines under the age, password-store and custom secret stores, NixOS and nix-darwin
# (recorded observation, see ../README.md): each clan is clan-core's lib.clan with one secret store;
# `probe.<clan>` reads each file's attributes as strings (toString; "<error>" when the attribute
# throws) and the machine's warnings.
{
  inputs = {
    nixpkgs.url = "https://nixos.org/channels/nixpkgs-unstable/nixexprs.tar.xz";
    flake-parts.url = "github:hercules-ci/flake-parts";
    flake-parts.inputs.nixpkgs-lib.follows = "nixpkgs";
    import-tree.url = "github:vic/import-tree";
    clan-core.url = "github:clan-lol/clan-core";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
    clan-core.inputs.flake-parts.follows = "flake-parts";
  };
  outputs = inputs:
    let
      lib = inputs.nixpkgs.lib;
      generators = {
        pub = {
          files.present.secret = false;
          files.odd = { secret = false; group = "staff"; };
        };
        sec = {
          files.s1 = { };
          files.s2 = { neededFor = "users"; };
          files.s3 = { neededFor = "activation"; };
          files.s4 = { neededFor = "partitioning"; };
          files.s5 = { restartUnits = [ "a.service" ]; };
        };
      };
      mkClan = store: machineClass: platform: inputs.clan-core.lib.clan {
        self = { inputs = { }; outPath = ./.; };
        directory = ./.;
        meta.name = "w";
        vars.settings.secretStore = store;
        inventory.machines.d.machineClass = machineClass;
        machines.d = { nixpkgs.hostPlatform = platform; clan.core.vars.generators = generators; };
      };
      clans = {
        nixos-age = mkClan "age" "nixos" "x86_64-linux";
        nixos-custom = mkClan "custom" "nixos" "x86_64-linux";
        darwin-password-store = mkClan "password-store" "darwin" "aarch64-darwin";
      };
      try = v: let r = builtins.tryEval (builtins.deepSeq v v); in if r.success then r.value else "<error>";
      probe = c: cls:
        let
          m = (if cls == "darwin" then c.config.darwinConfigurations else c.config.nixosConfigurations).d.config;
          g = m.clan.core.vars.generators;
          f = gn: fn: let x = g.${gn}.files.${fn}; in lib.genAttrs [ "secret" "neededFor" "owner" "group" "mode" "restartUnits" "flakePath" "exists" "value" "path" ] (a: try (toString x.${a}));
        in {
          files = lib.mapAttrs (gn: gen: lib.mapAttrs (fn: _: f gn fn) gen.files) (lib.filterAttrs (n: _: n == "pub" || n == "sec") g);
          warnings = try m.warnings;
          dir = toString m.clan.core.settings.directory;
        };
    in {
      probe = {
        nixos-age = probe clans.nixos-age "nixos";
        nixos-custom = probe clans.nixos-custom "nixos";
        darwin-password-store = probe clans.darwin-password-store "darwin";
      };
    };
}
