using System.Net;

namespace DataLogger.Mqtt;

/// <summary>
/// Where the readings are published: <c>mqtt://USER@HOST:1883</c> (<c>mqtts://</c> for TLS, port 8883 by default),
/// the password from the environment (<c>DATALOGGER_MQTT_PASSWORD</c>), never from the URL or the settings file.
/// </summary>
/// <param name="Host">The broker's host.</param>
/// <param name="Port">Its port.</param>
/// <param name="Tls">Whether to use TLS.</param>
/// <param name="User">The user, or null to connect anonymously.</param>
/// <param name="Password">The password, or null.</param>
public sealed record MqttSettings(string Host, int Port, bool Tls, string? User, string? Password)
{
    /// <summary>The variable the password is read from.</summary>
    public const string PasswordVariable = "DATALOGGER_MQTT_PASSWORD";

    /// <summary>The topic every topic of ours starts with: <c>datalogger/pool/state</c>.</summary>
    public string TopicRoot { get; init; } = "datalogger";

    /// <summary>Home Assistant's discovery prefix.</summary>
    public string DiscoveryPrefix { get; init; } = "homeassistant";

    /// <summary>The broker as a person reads it, without the password: <c>mqtt://pi@192.168.1.5:1883</c>.</summary>
    public string Name => $"{(Tls ? "mqtts" : "mqtt")}://{(User is null ? string.Empty : User + "@")}{Host}:{Port}";

    /// <summary>The settings a URL names.</summary>
    /// <exception cref="FormatException">It is not an <c>mqtt://</c> or <c>mqtts://</c> URL; the message says what to write.</exception>
    public static MqttSettings Parse(string? text, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("mqtt" or "mqtts") || url.Host.Length == 0)
        {
            throw new FormatException($"'{text}' is not a broker: write mqtt://HOST:1883, mqtt://USER@HOST:1883 or mqtts://USER@HOST:8883 (the password in {PasswordVariable})");
        }

        if (url.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"the broker URL has a password in it: take it out, and set {PasswordVariable} in the environment instead");
        }

        if (url.AbsolutePath is not ("" or "/") || url.Query.Length > 0)
        {
            throw new FormatException($"'{url.Scheme}://{url.Host}{url.AbsolutePath}' has a path or query: write only mqtt://USER@HOST:PORT");
        }

        var tls = url.Scheme == "mqtts";
        var user = url.UserInfo.Length > 0 ? WebUtility.UrlDecode(url.UserInfo) : null;
        return new MqttSettings(url.Host, url.IsDefaultPort || url.Port < 0 ? (tls ? 8883 : 1883) : url.Port, tls, user, environment(PasswordVariable));
    }

    /// <summary>The connection to this broker as MQTTnet takes it: a clean session, the credentials and TLS these settings give.</summary>
    internal MQTTnet.MqttClientOptionsBuilder Connection(string clientId)
    {
        var builder = new MQTTnet.MqttClientOptionsBuilder()
            .WithTcpServer(Host, Port)
            .WithClientId(clientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (User is { } user)
        {
            builder = builder.WithCredentials(user, Password ?? string.Empty);
        }

        return Tls ? builder.WithTlsOptions(tls => tls.UseTls(true).WithTargetHost(Host)) : builder;
    }

    /// <summary>
    /// Connects to the broker and disconnects (<c>datalogger doctor</c>): null when it took the connection, else what
    /// went wrong (refused, unreachable, bad credentials), in a few words.
    /// </summary>
    public async Task<string?> TryConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var result = await client.ConnectAsync(Connection($"datalogger-doctor-{Environment.ProcessId}").WithTimeout(timeout).Build(), deadline.Token).ConfigureAwait(false);
            if (result.ResultCode != MQTTnet.MqttClientConnectResultCode.Success)
            {
                return $"the broker refused the connection: {result.ResultCode}";
            }

            await client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or System.Net.Sockets.SocketException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.InnerException?.Message ?? e.Message;
        }
    }
}
