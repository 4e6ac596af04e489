using System.Text;
using DataLogger.Testing;

namespace DataLogger.Query.Athena.Tests;

/// <summary>The test endpoint's verifier, checked against AWS's published SigV4 test suite (get-vanilla, post-vanilla).</summary>
public sealed class SigV4VerifierTests
{
    const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static Dictionary<string, string> Headers(string signature, string method = "") => new()
    {
        ["host"] = "example.amazonaws.com",
        ["x-amz-date"] = "20150830T123600Z",
        ["authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}",
    };

    static string? Verify(string method, Dictionary<string, string> headers, string body = "", string path = "/") =>
        SigV4Verifier.Verify(method, path, string.Empty, headers, Encoding.UTF8.GetBytes(body), key => key == "AKIDEXAMPLE" ? Secret : null);

    [Fact]
    public void Accepts_the_get_vanilla_vector() =>
        Assert.Null(Verify("GET", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")));

    [Fact]
    public void Accepts_the_post_vanilla_vector() =>
        Assert.Null(Verify("POST", Headers("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")));

    [Fact]
    public void Refuses_a_changed_method_path_body_or_signature()
    {
        Assert.Equal("the signature does not match", Verify("POST", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")));
        Assert.Equal("the signature does not match", Verify("GET", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), path: "/other"));
        Assert.Equal("the signature does not match", Verify("GET", Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), body: "x"));
        Assert.Equal("the signature does not match", Verify("GET", Headers("0fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")));
    }

    [Fact]
    public void Refuses_an_unknown_key_or_no_signature()
    {
        var headers = Headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        headers["authorization"] = headers["authorization"].Replace("AKIDEXAMPLE", "AKIDOTHER", StringComparison.Ordinal);
        Assert.Equal("unknown access key 'AKIDOTHER'", Verify("GET", headers));
        headers.Remove("authorization");
        Assert.Equal("no AWS4-HMAC-SHA256 Authorization header", Verify("GET", headers));
    }
}
