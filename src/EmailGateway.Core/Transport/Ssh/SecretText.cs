using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace EmailGateway.Transport.Ssh
{
    /// <summary>
    /// Turns a <see cref="SecureString"/> into the bytes or string a library needs, for as short a time as
    /// possible. Callers clear what they get; nothing here logs or formats the value.
    /// </summary>
    internal static class SecretText
    {
        /// <summary>UTF-8 bytes of the secret; the caller clears the array when done.</summary>
        public static byte[] ToUtf8Bytes(SecureString secret)
        {
            var pointer = IntPtr.Zero;
            char[]? chars = null;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                chars = new char[secret.Length];
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                if (chars != null) Array.Clear(chars, 0, chars.Length);
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        /// <summary>A managed string of the secret, for APIs that accept nothing else (a key passphrase).</summary>
        public static string ToUnsecureString(SecureString secret)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(pointer, secret.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public static SecureString FromString(string value)
        {
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
