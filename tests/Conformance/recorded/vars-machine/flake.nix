# A one-machine clan with vars (recorded observation, see ../README.md): generators with public
# files present and missing, a shared one, secrets for every neededFor and an undeployed one, under
# the default sops store. `probe` reads each file's attributes as strings (toString; "<error>" when
# the attribute throws), the warnings, the sops-nix secrets, a validation hash, a prompt and the settings.
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
  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } ({ lib, config, ... }: {
    imports = [ inputs.clan-core.flakeModules.default ];
    systems = [ "x86_64-linux" ];
    clan.meta.name = "v";
    clan.machines.m = {
      nixpkgs.hostPlatform = "x86_64-linux";
      clan.core.vars.generators.pub = {
        files.present.secret = false;
        files.missing.secret = false;
        files.odd = { secret = false; owner = "nginx"; mode = "0444"; };
        prompts.p1 = { persist = true; };
        validation = { a = 1; b = { c = "x"; }; };
      };
      clan.core.vars.generators.sh = { share = true; files.spub.secret = false; };
      clan.core.vars.generators.sec = {
        files.s1 = { };
        files.s2 = { neededFor = "users"; };
        files.s3 = { neededFor = "activation"; };
        files.s4 = { neededFor = "partitioning"; };
        files.s5 = { deploy = false; };
      };
    };
    flake.probe = let
      m = config.flake.nixosConfigurations.m.config;
      try = v: let r = builtins.tryEval (builtins.deepSeq v v); in if r.success then r.value else "<error>";
      g = m.clan.core.vars.generators;
      f = gn: fn: let x = g.${gn}.files.${fn}; in lib.genAttrs [ "name" "generatorName" "rel_dir" "share" "secret" "deploy" "neededFor" "owner" "group" "mode" "restartUnits" "flakePath" "exists" "value" "path" ] (a: try (toString x.${a}));
    in {
      files = lib.mapAttrs (gn: gen: lib.mapAttrs (fn: _: f gn fn) gen.files) g;
      warnings = m.warnings;
      sops = lib.mapAttrs (n: s: { inherit (s) path neededForUsers owner group mode; }) m.sops.secrets;
      hash = g.pub.validationHash;
      prompts = lib.mapAttrs (_: p: { inherit (p) name description type persist display; }) g.pub.prompts;
      settings = { inherit (m.clan.core.vars.settings) secretStore publicStore secretModule publicModule recipients; };
      dir = toString m.clan.core.settings.directory;
    };
  });
}
