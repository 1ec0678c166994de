// The real-server tests drive Postfix and dnsmasq in a Linux network namespace.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
