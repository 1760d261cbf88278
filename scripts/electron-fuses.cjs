// electron-builder afterPack hook: flips Electron's fuses in the packed binary so it cannot be
// used as a plain Node runtime or debugged, and only loads our integrity-checked app.asar.
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const path = require('node:path');

exports.default = async function afterPack(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const name = packager.appInfo.productFilename;
  const binary = {
    win32: path.join(appOutDir, `${name}.exe`),
    darwin: path.join(appOutDir, `${name}.app`),
    linux: path.join(appOutDir, packager.executableName ?? name.toLowerCase()),
  }[electronPlatformName];
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  });
};
