namespace EmailGateway.Integration.Tests.Infrastructure;

/// <summary>An edited device profile: other command words, other status keys, as another firmware might have.</summary>
public static class AlternateDialect
{
    public const string Yaml = """
        name: alternate-firmware
        channel: exec
        uploadDirectory: /var/tmp/updates/
        commands:
          status: display system-state
          setClusterId: configure cluster identifier {id}
          setClusterMode: configure cluster role {mode}
          setClusterModeWithVirtualIp: configure cluster role {mode} vip {virtualIp}
          setNetwork: configure interfaces {state}
          setAddress: configure interfaces address {address}
          setHelo: configure mail greeting {helo}
          applyUpdate: software install {path} checksum {sha256}
          restart: system reboot
        status:
          hostname: system.name
          product: system.product
          build: system.software
          mode: ha.role
          clusterId: ha.group
          virtualIp: ha.vip
          scanning: ha.scan
          networkState: interfaces.link
          address: interfaces.ip
          helo: mail.greeting
          configRevision: ha.config.rev
          sync: ha.config.state
          vrrpActive: ha.vip_owner
          mailQueue: mail.pending
          power: system.power
        """;
}
