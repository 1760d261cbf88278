/**
 * Opening an N000 contenuto that ANPR encrypted for the Comune (since 3.7.0, research/anpr.md §1.7):
 * a CMS EnvelopedData (PKCS#7) for the Comune's certificate (<ISTAT>-CO-nnnn), opened with its key.
 */
import forge from 'node-forge';
import { loadPkcs12, type Pkcs12Source } from '../anpr/credentials';

export type Decrypter = (der: Buffer) => string | null;

/** A decrypter with the Comune's key; null from it when the content is not for this certificate. */
export function comuneDecrypter(source: Pkcs12Source): Decrypter {
  const id = loadPkcs12(source, 'comune');
  return (der) => {
    try {
      const p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der.toString('binary'))) as forge.pkcs7.PkcsEnvelopedData;
      const recipient = p7.findRecipient(id.certificate);
      if (!recipient) return null;
      p7.decrypt(recipient, id.privateKey);
      return forge.util.decodeUtf8((p7.content as forge.util.ByteStringBuffer).getBytes());
    } catch {
      return null;
    }
  };
}
