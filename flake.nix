# Development environment and app for clan-conformance itself (not for the clans it checks).
#   nix develop            # .NET 10 SDK, Nix, docker client
#   nix run . -- run --cases 50
{
  description = "clan-conformance: property-based conformance harness for clan-core";

  inputs.nixpkgs.url = "https://nixos.org/channels/nixpkgs-unstable/nixexprs.tar.xz";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.dotnetCorePackages.sdk_10_0
            pkgs.nix
            pkgs.docker-client
            pkgs.python3
          ];
          DOTNET_CLI_TELEMETRY_OPTOUT = "1";
        };
      });

      # The harness runs from the source tree (it renders clans next to it and reads fixtures).
      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = toString (
            pkgs.writeShellScript "clan-conformance" ''
              export PATH=${pkgs.lib.makeBinPath [ pkgs.dotnetCorePackages.sdk_10_0 pkgs.nix ]}:$PATH
              exec dotnet run --project src/Runner -- "$@"
            ''
          );
        };
      });
    };
}
