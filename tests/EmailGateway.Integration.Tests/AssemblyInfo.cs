[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The suite drives OpenSSH's sshd, user accounts and Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
