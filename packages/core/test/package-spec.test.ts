import { InvalidInputError } from '../src/errors.js';
import { parsePackageSpecs, type PackageSpec } from '../src/inputs/package-spec.js';

/** The one spec a single line parses to. */
function one(line: string, defaults = {}): PackageSpec {
  const specs = parsePackageSpecs(line, defaults);
  expect(specs).toHaveLength(1);
  return specs[0]!;
}

function parseError(input: string | string[], defaults = {}): InvalidInputError {
  try {
    parsePackageSpecs(input, defaults);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('plain package specs', () => {
  it('reads name@version', () => {
    expect(one('my-app@1.2.3')).toEqual({
      name: 'my-app',
      version: '1.2.3',
      source: { line: 1, text: 'my-app@1.2.3' },
    });
  });

  it('reads group/name@version, splitting a universal group at the last slash', () => {
    expect(one('tools/cli@2.0.0')).toEqual({
      group: 'tools',
      name: 'cli',
      version: '2.0.0',
      source: { line: 1, text: 'tools/cli@2.0.0' },
    });
    expect(one('a/b/c@1')).toMatchObject({ group: 'a/b', name: 'c', version: '1' });
  });

  it('reads an npm scope as the group, keeping its @', () => {
    expect(one('@babel/runtime@7.24.0')).toEqual({
      group: '@babel',
      name: 'runtime',
      version: '7.24.0',
      source: { line: 1, text: '@babel/runtime@7.24.0' },
    });
  });

  it('reads groupId:artifactId@version as a Maven package', () => {
    expect(one('org.apache.commons:commons-lang3@3.14.0')).toEqual({
      group: 'org.apache.commons',
      name: 'commons-lang3',
      version: '3.14.0',
      source: { line: 1, text: 'org.apache.commons:commons-lang3@3.14.0' },
    });
  });

  it('keeps versions with build metadata and pre-release labels as written', () => {
    expect(one('app@1.0.0-rc.1+build.5')).toMatchObject({ name: 'app', version: '1.0.0-rc.1+build.5' });
  });

  it('trims whitespace around a line', () => {
    expect(one('   app@1.0.0\t')).toEqual({
      name: 'app',
      version: '1.0.0',
      source: { line: 1, text: 'app@1.0.0' },
    });
  });
});

describe('Package URLs', () => {
  it('decodes an npm scope and keeps the @ in the group', () => {
    expect(one('pkg:npm/%40scope/name@1.0.0')).toEqual({
      group: '@scope',
      name: 'name',
      version: '1.0.0',
      purlType: 'npm',
      source: { line: 1, text: 'pkg:npm/%40scope/name@1.0.0' },
    });
  });

  it('accepts an npm scope written without percent-encoding', () => {
    expect(one('pkg:npm/@scope/name@1.0.0')).toMatchObject({
      group: '@scope',
      name: 'name',
      version: '1.0.0',
    });
  });

  it('reads an unscoped npm package without a group', () => {
    const spec = one('pkg:npm/lodash@4.17.21');
    expect(spec).toEqual({
      name: 'lodash',
      version: '4.17.21',
      purlType: 'npm',
      source: { line: 1, text: 'pkg:npm/lodash@4.17.21' },
    });
  });

  it('reads a NuGet package without a group', () => {
    expect(one('pkg:nuget/Newtonsoft.Json@13.0.3')).toEqual({
      name: 'Newtonsoft.Json',
      version: '13.0.3',
      purlType: 'nuget',
      source: { line: 1, text: 'pkg:nuget/Newtonsoft.Json@13.0.3' },
    });
  });

  it('ignores qualifiers and subpath of a Maven purl', () => {
    expect(one('pkg:maven/org.apache/commons@1.2?type=jar#x')).toEqual({
      group: 'org.apache',
      name: 'commons',
      version: '1.2',
      purlType: 'maven',
      source: { line: 1, text: 'pkg:maven/org.apache/commons@1.2?type=jar#x' },
    });
  });

  it('reads a generic purl namespace as the group', () => {
    expect(one('pkg:generic/grp/name@1')).toMatchObject({
      group: 'grp',
      name: 'name',
      version: '1',
      purlType: 'generic',
    });
  });

  it('names a Docker image by its whole repository', () => {
    const spec = one('pkg:docker/bitnami/dotnet@8.0');
    expect(spec).toEqual({
      name: 'bitnami/dotnet',
      version: '8.0',
      purlType: 'docker',
      source: { line: 1, text: 'pkg:docker/bitnami/dotnet@8.0' },
    });
  });

  it('takes a Debian group from the group default, not from the distro namespace', () => {
    expect(one('pkg:deb/debian/curl@7.50?arch=i386', { group: 'main' })).toEqual({
      group: 'main',
      name: 'curl',
      version: '7.50',
      purlType: 'deb',
      source: { line: 1, text: 'pkg:deb/debian/curl@7.50?arch=i386' },
    });
    expect(one('pkg:deb/debian/curl@7.50?arch=i386')).not.toHaveProperty('group');
  });

  it('decodes a percent-encoded version and lower-cases the type', () => {
    expect(one('PKG:NuGet/Foo@1.0.0%2Bbuild')).toMatchObject({
      name: 'Foo',
      version: '1.0.0+build',
      purlType: 'nuget',
    });
  });

  it('takes the default version when the purl has none', () => {
    expect(one('pkg:nuget/Newtonsoft.Json', { version: '13.0.3' })).toMatchObject({
      name: 'Newtonsoft.Json',
      version: '13.0.3',
    });
  });
});

describe('defaults', () => {
  it('gives a line without @version the default version, trimmed', () => {
    expect(one('my-app', { version: ' 2.0.0 ' })).toEqual({
      name: 'my-app',
      version: '2.0.0',
      source: { line: 1, text: 'my-app' },
    });
    expect(one('@scope/name', { version: '3.1.0' })).toMatchObject({
      group: '@scope',
      name: 'name',
      version: '3.1.0',
    });
  });

  it('prefers the version on the line over the default', () => {
    expect(one('my-app@1.0.0', { version: '2.0.0' }).version).toBe('1.0.0');
  });

  it('gives a line without a group the default group', () => {
    expect(one('my-app@1.0.0', { group: 'tools' })).toMatchObject({ group: 'tools', name: 'my-app' });
  });

  it('prefers the group on the line over the default', () => {
    expect(one('apps/my-app@1.0.0', { group: 'tools' }).group).toBe('apps');
    expect(one('@scope/x@1', { group: 'tools' }).group).toBe('@scope');
    expect(one('pkg:npm/%40scope/x@1', { group: 'tools' }).group).toBe('@scope');
  });

  it('treats a blank default group as no group', () => {
    expect(one('my-app@1.0.0', { group: '  ' })).not.toHaveProperty('group');
  });
});

describe('several lines', () => {
  it('skips blank lines and # comments, numbering lines as the user sees them', () => {
    const specs = parsePackageSpecs('# web tier\n\nweb@1.0.0\n   \n  # api\napi@2.0.0\n');
    expect(specs).toEqual([
      { name: 'web', version: '1.0.0', source: { line: 3, text: 'web@1.0.0' } },
      { name: 'api', version: '2.0.0', source: { line: 6, text: 'api@2.0.0' } },
    ]);
  });

  it('reads Windows line endings', () => {
    expect(parsePackageSpecs('web@1.0.0\r\napi@2.0.0\r\n').map((s) => `${s.name}@${s.version}`)).toEqual([
      'web@1.0.0',
      'api@2.0.0',
    ]);
  });

  it('accepts a list of lines, including entries that hold several lines', () => {
    const specs = parsePackageSpecs(['web@1.0.0', 'api@2.0.0\nworker@3.0.0', '']);
    expect(specs.map((s) => [s.name, s.version, s.source.line])).toEqual([
      ['web', '1.0.0', 1],
      ['api', '2.0.0', 2],
      ['worker', '3.0.0', 3],
    ]);
  });

  it('applies the defaults to every line', () => {
    const specs = parsePackageSpecs('web\napi@2.0.0\nother/worker', { version: '1.0.0', group: 'apps' });
    expect(specs.map((s) => `${s.group}/${s.name}@${s.version}`)).toEqual([
      'apps/web@1.0.0',
      'apps/api@2.0.0',
      'other/worker@1.0.0',
    ]);
  });
});

describe('bad lines', () => {
  it.each([
    ['my-app', 'no version; write name@version or set version'],
    ['foo@', 'nothing after "@"; write name@version'],
    ['@1.0', 'an npm scope needs a name: @scope/name@version'],
    ['@scope@1', 'an npm scope needs a name: @scope/name@version'],
    ['@scope/@1', 'an npm scope needs a name: @scope/name@version'],
    ['a::b@1', 'a Maven package is groupId:artifactId@version'],
    ['a:b:c@1', 'a Maven package is groupId:artifactId@version'],
    [':b@1', 'a Maven package is groupId:artifactId@version'],
    ['foo bar@1', 'a package spec has no spaces; put one package per line'],
    ['pkg:npm@1', 'a Package URL needs a type and a name: pkg:type/name@version'],
    ['pkg:npm/@1', 'a Package URL needs a type and a name: pkg:type/name@version'],
    ['a//b@1', 'the group has an empty segment'],
    ['/b@1', 'the group has an empty segment'],
    ['a/@1', 'no package name'],
    ['foo@1@2', 'more than one "@version"'],
    ['pkg:npm/%E0%A4%A/name@1', '"%E0%A4%A" is not valid percent-encoding'],
    ['pkg:nuget/Foo@1%ZZ', '"1%ZZ" is not valid percent-encoding'],
    ['pkg:npm/a%2Fb@1', 'the name "a/b" has a "/" written as %2F, which a Package URL segment cannot hold'],
    [
      'pkg:docker/library/a%2fb@1',
      'the name "a/b" has a "/" written as %2F, which a Package URL segment cannot hold',
    ],
    [
      'pkg:generic/acme%2Fevil/web@1',
      'the namespace segment "acme/evil" has a "/" written as %2F, which a Package URL segment cannot hold',
    ],
    [
      'pkg:npm/%40acme%2Fevil/web@1',
      'the namespace segment "@acme/evil" has a "/" written as %2F, which a Package URL segment cannot hold',
    ],
    [
      'pkg:nuget/web@1%2F2',
      'the version "1/2" is path-like (a version has no "/", "\\" and is not "." or "..")',
    ],
    ['pkg:generic/..%2Fx@1', 'the name "../x" is path-like (no "\\", and no "." or ".." segments)'],
  ])('rejects %s, quoting the line and its number', (line, why) => {
    const error = parseError(`ok@1.0.0\n${line}`);
    expect(error.message).toBe(`package line 2 "${line}": ${why}`);
    expect(error.kind).toBe('invalid-input');
  });

  it('stops at the first bad line, numbering it among blank lines and comments', () => {
    expect(() => parsePackageSpecs('# first\n\nok@1\nfoo@\nbar@')).toThrow(/^package line 4 "foo@": /);
  });

  it('quotes the line without its surrounding whitespace', () => {
    expect(() => parsePackageSpecs('  foo@  ')).toThrow(
      'package line 1 "foo@": nothing after "@"; write name@version',
    );
  });

  it('rejects a line without a version when the default version is blank', () => {
    expect(() => parsePackageSpecs('my-app', { version: '   ' })).toThrow(
      'package line 1 "my-app": no version; write name@version or set version',
    );
  });

  it.each([[''], ['\n  \n'], ['# only a comment\n'], [[] as string[]], [['', '  ']]])(
    'rejects an input without any package: %j',
    (input) => {
      const error = parseError(input);
      expect(error.message).toBe('no package given: set package to one name@version per line');
    },
  );
});
