// Blocklist of very common passwords (lower-case), drawn from public leak-frequency lists, Chinese favourites included.

// Only entries that would otherwise pass the length (>= 8) and letter+digit rules are listed:
// shorter or single-class favourites ('a123456', '12345678', 'password') already fail those rules.
const LIST = `
password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssw0rd1 p@ssword1 pa55word pass1234
pass12345 pass123456 admin123 admin1234 admin12345 admin123456 admin888 admin8888 admin@123 admin#123
administrator1 root1234 root123456 root@123 test1234 test12345 test123456 qwerty123 qwerty1234 qwerty12345
qwer1234 qwer123456 1234qwer 1qaz2wsx 1qaz2wsx3edc 1qazxsw2 2wsx3edc zaq12wsx qaz12345 qaz123456
qazwsx123 qazwsxedc123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 12qwaszx qwe12345
qwe123456 qwe123qwe qwe123456789 123qwe123 123qweasd 123qweasdzxc qweasd123 qweasdzxc123 asd12345 asd123456
asd123456789 asdf1234 asdf123456 asdfgh123 asdfghjkl1 zxc12345 zxc123456 zxcv1234 zxcvbnm1 zxcvbnm123
qwertyuiop1 abc12345 abc123456 abc123456789 abc123123 abc123abc abcd1234 abcd12345 abcd123456 1234abcd
a1234567 a12345678 a123456789 a1234567890 a123123123 a123456a a1b2c3d4 a1111111 a11111111 a0000000
a8888888 a88888888 a6666666 a66666666 a147258369 a5201314 a7758521 aa123456 aa12345678 aa123456789
aa112233 aa123123 aa111111 aaa12345 aaa123456 aaa111111 abc111111 abc666666 abc888888 12345678a
123456789a 1234567890a 1234567a 123456aa 123456abc 123456abcd 123456qq 123456qaz 123456qwe 123456asd
123456zxc 11111111a 00000000a 888888aa 666666aa 5201314a 1314520a 7758521a qq123456 qq1234567
qq12345678 qq123456789 qq5201314 q123456789 w123456789 z123456789 woaini1314 woaini520 woaini521 woaini123
woaini12345 woaini1314520 woaini5201314 iloveyou1 iloveyou123 love1314 love123456 ai123456 wo123456 aini1314
wang123456 wang1234 zhang123456 li123456 liu123456 chen123456 yang123456 zhao123456 huang123456 zhou123456
wu123456 xu123456 sun123456 hu123456 zhu123456 gao123456 lin123456 he123456 guo123456 ma123456
mima123456 mima1234 mima12345678 wodemima123 nihao123 nihao1234 nihao123456 xiao123456 hao123456 china123
china1234 china123456 beijing123 beijing2008 shanghai123 zhongguo123 baidu123 baidu1234 taobao123 huawei123
xiaomi123 apple123 google123 samsung123 abc123abc123 trustno1 letmein1 welcome1 welcome123 monkey123
dragon123 sunshine1 princess1 football1 baseball1 master123 shadow123 superman1 batman123 michael1
charlie1 jordan23 hello123 hello1234 hello123456 computer1 internet1 starwars1 whatever1 freedom1
changeme1 changeme123 secret123 123abc123 linkedin1 1a2b3c4d zhangwei123 wangwei123
`;

/** Lower-cased common passwords. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/u).filter((p) => p !== ''));
