package ingest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"hash"
)

// PDFs are often encrypted only to restrict printing or copying: the user
// password is empty and anyone may read them. pdfCrypt opens those under
// the standard security handler — RC4 40 and 128 bit (revisions 2 and 3),
// AES-128 (revision 4) and AES-256 (revisions 5 and 6) — by trying the
// empty password; a file that needs a real password gets ErrEncrypted.

// pdfPad is the padding string of the standard security handler.
var pdfPad = []byte{
	0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
	0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
}

type pdfCrypt struct {
	key             []byte
	aes256          bool   // one key for all objects (revisions 5, 6)
	strings         string // "RC4", "AES" or "" (not encrypted)
	streams         string
	encryptMetadata bool
}

// newCrypt sets up decryption from the Encrypt dictionary and the first
// file identifier, trying the empty user password.
func (p *pdfFile) newCrypt(enc pdfDict) (*pdfCrypt, error) {
	if f := p.name(enc["Filter"]); f != "Standard" {
		return nil, fmt.Errorf("%w PDF (security handler %q): cannot read it without the certificate or password", ErrEncrypted, f)
	}
	v := int(p.number(enc["V"]))
	r := int(p.number(enc["R"]))
	o, _ := p.resolve(enc["O"]).([]byte)
	u, _ := p.resolve(enc["U"]).([]byte)
	perms := int32(int64(p.number(enc["P"])))
	c := &pdfCrypt{encryptMetadata: true, strings: "RC4", streams: "RC4"}
	if b, ok := p.resolve(enc["EncryptMetadata"]).(bool); ok {
		c.encryptMetadata = b
	}
	length := int(p.number(enc["Length"]))
	if length == 0 {
		length = 40
	}
	if v >= 4 {
		cf := p.dict(enc["CF"])
		method := func(name string) string {
			if name == "Identity" || name == "" {
				return ""
			}
			f := p.dict(cf[name])
			switch p.name(f["CFM"]) {
			case "AESV2", "AESV3":
				return "AES"
			case "V2":
				return "RC4"
			case "None":
				return ""
			}
			return "RC4"
		}
		c.strings, c.streams = method(p.name(enc["StrF"])), method(p.name(enc["StmF"]))
		if f := p.dict(cf[p.name(enc["StmF"])]); f != nil {
			if l := int(p.number(f["Length"])); l > 0 && v == 4 {
				length = l
				if l <= 32 { // some writers give bytes, not bits
					length = l * 8
				}
			}
		}
	}
	if r >= 5 {
		key, ok := aes256Key(u, p.resolve(enc["UE"]), r)
		if !ok {
			return nil, fmt.Errorf("%w PDF: cannot read it without the password", ErrEncrypted)
		}
		c.key, c.aes256 = key, true
		return c, nil
	}
	if len(o) < 32 || len(u) < 16 || length < 40 || length > 128 {
		return nil, fmt.Errorf("%w: damaged encryption dictionary", ErrBadPDF)
	}
	var id0 []byte
	if ids := p.array(p.trailer["ID"]); len(ids) > 0 {
		id0, _ = p.resolve(ids[0]).([]byte)
	}
	n := length / 8
	if r == 2 {
		n = 5
	}
	h := md5.New()
	h.Write(pdfPad)
	h.Write(o[:32])
	var pb [4]byte
	binary.LittleEndian.PutUint32(pb[:], uint32(perms))
	h.Write(pb[:])
	h.Write(id0)
	if r >= 4 && !c.encryptMetadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)[:n]
	if r >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(key)
			key = s[:n]
		}
	}
	// Check the empty password against U.
	var check []byte
	if r == 2 {
		check = rc4Bytes(key, pdfPad)
		u = u[:min(len(u), 32)]
	} else {
		s := md5.Sum(append(append([]byte{}, pdfPad...), id0...))
		check = rc4Bytes(key, s[:])
		k := make([]byte, len(key))
		for i := 1; i <= 19; i++ {
			for j := range key {
				k[j] = key[j] ^ byte(i)
			}
			check = rc4Bytes(k, check)
		}
		u = u[:16]
	}
	if !bytes.Equal(check[:len(u)], u) {
		return nil, fmt.Errorf("%w PDF: cannot read it without the password", ErrEncrypted)
	}
	c.key = key
	return c, nil
}

func rc4Bytes(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// aes256Key checks the empty password against U (revision 5: SHA-256,
// revision 6: the hash of ISO 32000-2, algorithm 2.B) and unwraps the file
// key from UE.
func aes256Key(u []byte, ueV any, r int) ([]byte, bool) {
	ue, _ := ueV.([]byte)
	if len(u) < 48 || len(ue) < 32 {
		return nil, false
	}
	hashOf := func(salt []byte) []byte {
		if r == 5 {
			s := sha256.Sum256(salt)
			return s[:]
		}
		return hash2B(nil, salt, nil)
	}
	if !bytes.Equal(hashOf(u[32:40]), u[:32]) {
		return nil, false
	}
	block, err := aes.NewCipher(hashOf(u[40:48]))
	if err != nil {
		return nil, false
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue[:32])
	return key, true
}

// hash2B is algorithm 2.B of ISO 32000-2 (revision 6 password hash).
func hash2B(pwd, salt, udata []byte) []byte {
	h := sha256.New()
	h.Write(pwd)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	for i := 0; ; i++ {
		seq := append(append(append([]byte{}, pwd...), k...), udata...)
		k1 := bytes.Repeat(seq, 64)
		block, err := aes.NewCipher(k[:16])
		if err != nil {
			return nil
		}
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var next hash.Hash
		switch sum % 3 {
		case 0:
			next = sha256.New()
		case 1:
			next = sha512.New384()
		default:
			next = sha512.New()
		}
		next.Write(e)
		k = next.Sum(nil)
		if i >= 63 && int(e[len(e)-1]) <= i-32 {
			break
		}
	}
	return k[:32]
}

// objectKey is the key of one object (revisions 2–4).
func (c *pdfCrypt) objectKey(num, gen int, aesMethod bool) []byte {
	if c.aes256 {
		return c.key
	}
	b := append([]byte{}, c.key...)
	b = append(b, byte(num), byte(num>>8), byte(num>>16), byte(gen), byte(gen>>8))
	if aesMethod {
		b = append(b, "sAlT"...)
	}
	s := md5.Sum(b)
	return s[:min(len(c.key)+5, 16)]
}

func (c *pdfCrypt) decrypt(data []byte, num, gen int, method string) []byte {
	switch method {
	case "RC4":
		return rc4Bytes(c.objectKey(num, gen, false), data)
	case "AES":
		if len(data) < 32 || len(data)%16 != 0 {
			return nil
		}
		block, err := aes.NewCipher(c.objectKey(num, gen, true))
		if err != nil {
			return nil
		}
		out := make([]byte, len(data)-16)
		cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, data[16:])
		if n := int(out[len(out)-1]); n >= 1 && n <= 16 && n <= len(out) {
			out = out[:len(out)-n]
		}
		return out
	}
	return data
}

// decryptObject decrypts the strings and stream data of object num.
func (c *pdfCrypt) decryptObject(v any, num, gen int, p *pdfFile, depth int) any {
	if depth > 64 {
		return v
	}
	switch x := v.(type) {
	case []byte:
		return c.decrypt(x, num, gen, c.strings)
	case []any:
		for i := range x {
			x[i] = c.decryptObject(x[i], num, gen, p, depth+1)
		}
		return x
	case pdfDict:
		for k, e := range x {
			x[k] = c.decryptObject(e, num, gen, p, depth+1)
		}
		return x
	case pdfStream:
		t := p.name(x.dict["Type"])
		c.decryptObject(x.dict, num, gen, p, depth+1)
		if t == "XRef" || (t == "Metadata" && !c.encryptMetadata) {
			return x
		}
		x.raw = c.decrypt(x.raw, num, gen, c.streams)
		return x
	}
	return v
}
