import { proGetVersionName } from '../src/proget/version';

describe('proGetVersionName', () => {
  it.each([
    ['25.0.10.5', '2025.10'],
    ['24.0.3', '2024.3'],
    ['23.0.22.6', '2023.22'],
    [' 22.0.1.2 ', '2022.1'],
    ['5.3.40.2', '5.3.40'],
    ['6.0.18', '6.0.18'],
  ])('names the header %j as ProGet %s, as pgutil does', (header, name) => {
    expect(proGetVersionName(header)).toBe(name);
  });

  it.each([undefined, '', 'latest', '25.0', '25.0.10.5; rm -rf', '<html>'])(
    'names nothing for %j, so no free text reaches a message',
    (header) => {
      expect(proGetVersionName(header)).toBeUndefined();
    },
  );
});
