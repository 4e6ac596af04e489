// Runs cdk-nag's AwsSolutions pack over a synthesized CloudFormation template and prints every finding, one JSON
// object per line: {"rule", "level", "resource", "suppressed", "reason"}. Usage: node check.js TEMPLATE.json
// (NODE_PATH names the node_modules folder that holds cdk-nag, aws-cdk-lib and constructs).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, Aspects, Stack, LegacyStackSynthesizer } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const template = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// These clash with the including stack's own.
delete template.Rules;
delete template.AWSTemplateFormatVersion;
if (template.Parameters) {
  delete template.Parameters.BootstrapVersion;
}

const prepared = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-')), 'template.json');
fs.writeFileSync(prepared, JSON.stringify(template));

const findings = [];
const logger = {
  onCompliance() {},
  onNonCompliance(data) { findings.push({ rule: data.ruleId, level: data.ruleLevel, resource: data.resource.node.path, finding: data.findingId, suppressed: false, reason: data.ruleInfo }); },
  onSuppressed(data) { findings.push({ rule: data.ruleId, level: data.ruleLevel, resource: data.resource.node.path, finding: data.findingId, suppressed: true, reason: data.suppressionReason }); },
  onError(data) { findings.push({ rule: data.ruleId, level: 'ERROR', resource: data.resource.node.path, suppressed: false, reason: 'the rule failed: ' + data.errorMessage }); },
  onSuppressedError(data) { findings.push({ rule: data.ruleId, level: 'ERROR', resource: data.resource.node.path, suppressed: true, reason: data.errorSuppressionReason }); },
  onNotApplicable() {},
};

const app = new App({ outdir: path.dirname(prepared) + '/out' });
const stack = new Stack(app, 'Checked', { synthesizer: new LegacyStackSynthesizer() });
new CfnInclude(stack, 'Template', { templateFile: prepared });
Aspects.of(app).add(new AwsSolutionsChecks({ additionalLoggers: [logger] }));
app.synth();
for (const finding of findings) {
  console.log(JSON.stringify(finding));
}
